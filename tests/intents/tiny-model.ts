import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Generates a tiny BERT-like ONNX feature-extraction model whose vocabulary covers `corpus`
 * (fixtures/make_tiny_bert.py, Debian's python3-onnx and numpy) and returns its folder.
 */
export function makeTinyModel(corpus: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'tiny-bert-'));
  const corpusFile = join(dir, 'corpus.txt');
  writeFileSync(corpusFile, corpus.join('\n'));
  const modelDir = join(dir, 'tiny-bert');
  try {
    execFileSync('/usr/bin/python3', [join(__dirname, 'fixtures', 'make_tiny_bert.py'), modelDir, corpusFile], { stdio: 'pipe' });
  } catch (err) {
    const stderr = String((err as { stderr?: Buffer }).stderr ?? '');
    throw new Error(`Could not generate the tiny test model: ${stderr || (err as Error).message}\nInstall Debian's python3-onnx and python3-numpy (apt-get install python3-onnx python3-numpy).`);
  }
  return modelDir;
}
