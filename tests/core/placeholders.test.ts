import { placeholders } from '../../core/storage/sql';
import { onBothDatabases } from '../support/databases';

test('placeholders: one ? per value or for a count, NULL for none', () => {
  expect(placeholders(['a', 'b', 'c'])).toBe('?, ?, ?');
  expect(placeholders(2)).toBe('?, ?');
  expect(placeholders([])).toBe('NULL');
  expect(placeholders(0)).toBe('NULL');
});

onBothDatabases('placeholders', [{ id: 'test/001-colours', sql: `CREATE TABLE colours (name TEXT PRIMARY KEY, warm INTEGER NOT NULL)` }], (open) => {
  test('an IN list and a VALUES row built with them select and insert on the database, and an empty list matches nothing', async () => {
    const store = await open();
    try {
      for (const row of [['red', 1], ['blue', 0], ['amber', 1]]) await store.sql.run(`INSERT INTO colours (name, warm) VALUES (${placeholders(row)})`, row);
      const named = async (names: string[]) =>
        (await store.sql.all<{ name: string }>(`SELECT name FROM colours WHERE name IN (${placeholders(names)}) ORDER BY name`, names)).map((r) => r.name);
      expect(await named(['red', 'amber', 'green'])).toEqual(['amber', 'red']);
      expect(await named(['blue'])).toEqual(['blue']);
      expect(await named([])).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
