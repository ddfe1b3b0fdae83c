// Moved to testkit/ (shared by tests and benchmarks, so bench/ need not import tests/); kept for existing imports.
export * from '../../testkit/scale/helpers';
