import { join } from 'node:path';
import { countArchitecture, moduleOf, serviceCasts, timers, type SourceFile } from '../../scripts/architecture/counts';
import { readSources } from '../../scripts/architecture/sources';

const file = (path: string, text: string): SourceFile => ({ path, text });

describe('architecture counts', () => {
  test('modules: each channel and core storage stand apart; core/identity is core', () => {
    expect(moduleOf('channels/sms/consent.ts')).toBe('channels/sms');
    expect(moduleOf('core/storage/schema.ts')).toBe('core/storage');
    expect(moduleOf('core/identity/links.ts')).toBe('core');
    expect(moduleOf('identity/module.ts')).toBe('identity');
    expect(moduleOf('handoff/api.ts')).toBe('handoff');
  });

  test('SQL: a table read by a module that did not create it is counted, its owner is not', () => {
    const counts = countArchitecture([
      file('core/storage/schema.ts', 'CREATE TABLE messages (id TEXT)'),
      file('handoff/schema.ts', 'CREATE TABLE handoffs (id TEXT)'),
      file('handoff/repository.ts', 'await this.sql.all(`SELECT * FROM handoffs`)'),
      file('analytics/facts.ts', 'sql.all(`SELECT count(*) FROM handoffs h JOIN messages m ON 1`)'),
      file('core/storage/sql-store.ts', 'this.sql.run(`INSERT INTO messages VALUES (?)`)'),
    ]);
    expect(counts.sqlDriverFiles).toEqual(['handoff/repository.ts', 'analytics/facts.ts']);
    expect(counts.foreignTableFiles).toEqual([{ path: 'analytics/facts.ts', line: 0, text: 'handoffs (handoff), messages (core/storage)' }]);
  });

  test('route parsers: path taken apart by split, regex or a home-made matcher; query strings are fine', () => {
    const counts = countArchitecture([
      file('a/one.ts', "const parts = new URL(req.url).pathname.split('/');"),
      file('a/two.ts', 'const id = /\\/api\\/x\\/([^/]+)/.exec(new URL(request.url).pathname)?.[1];'),
      file('a/three.ts', 'const p = matchParams(path, url.pathname);\nfunction matchParams(a: string, b: string) {}'),
      file('a/four.ts', "const q = new URL(request.url).searchParams.get('q');"),
    ]);
    expect(counts.routeParsers.map((f) => `${f.path}:${f.line}`)).toEqual(['a/one.ts:1', 'a/two.ts:1', 'a/three.ts:1']);
  });

  test('service casts: direct, through get(), indexed, typed object and a local taken from services', () => {
    const found = serviceCasts([
      file('x.ts', 'const a = bot.services.dialogs as DialogStarter | undefined;\nconst b = bot.services.get(Key) as Other;'),
      file('y.ts', 'let r = bot.services[KEY] as Registry;\nconst s = {} as Services;'),
      file('z.ts', 'const search = services.knowledgeSearch;\nawait (search as Suggest)(q);'),
      file('ok.ts', 'const a = bot.services.get(Answerer);\nconst k = [1] as const;'),
    ]);
    expect(found.map((f) => `${f.path}:${f.line}`)).toEqual(['x.ts:1', 'x.ts:2', 'y.ts:1', 'y.ts:2', 'z.ts:2']);
  });

  test('timers: classified by rule; an unknown timer is reported unclassified, never silently dropped', () => {
    const { promises, others } = timers(
      [file('handoff/service.ts', 'setTimeout(() => this.onSla(id), 10);\nsetTimeout(() => other(), 5);'), file('core/x.ts', '// setTimeout(…) in a comment\nsetInterval(tick, 5);')],
      [
        { path: 'handoff/service.ts', contains: 'onSla', kind: 'customer-promise', why: 'SLA' },
        { path: 'core/', contains: '', kind: 'infrastructure', why: 'core' },
      ],
    );
    expect(promises.map((t) => t.line)).toEqual([1]);
    expect(others.map((t) => [t.path, t.line, t.note])).toEqual([
      ['handoff/service.ts', 2, 'unclassified'],
      ['core/x.ts', 2, 'infrastructure: core'],
    ]);
  });

  test('this tree: every timer is classified, and none carries a promise to a customer', () => {
    const { promises, others } = timers(readSources(join(__dirname, '..', '..')));
    expect(others.filter((t) => t.note === 'unclassified').map((t) => `${t.path}:${t.line} ${t.text.trim()}`)).toEqual([]);
    expect(promises).toEqual([]);
  });
});
