/**
 * A multi-field BM25 inverted index over numeric document slots, built for incremental updates:
 * adding a document appends to postings, removing one marks its slot dead and fixes the
 * statistics; dead postings are dropped by an occasional compaction (no re-analysis), so the
 * index never needs rebuilding. Postings live in typed arrays to keep 10k+ articles small and
 * queries in the low milliseconds.
 */

/** BM25 parameters; `b` per field because short fields (titles, numbers) need less length norm. */
export interface Bm25Params {
  k1: number;
  b: number[];
}

interface Postings {
  docs: Int32Array;
  tfs: Float32Array;
  n: number;
  /** Live documents holding the term. */
  df: number;
  field: number;
}

/** A weighted query term: `field`, the term text, and how much it counts. */
export interface QueryTerm {
  field: number;
  term: string;
  weight: number;
}

/** See the file comment. Document slots are small integers handed out by {@link add}. */
export class Bm25Index {
  private readonly terms = new Map<string, number>();
  private readonly postings: Postings[] = [];
  private readonly fieldLen: Float32Array[];
  private readonly fieldTotal: Float64Array;
  private alive = new Uint8Array(1024);
  private docTerms: (Int32Array | undefined)[] = [];
  private slots = 0;
  private live = 0;
  private dead = 0;
  private scores = new Float64Array(1024);
  private touched = new Int32Array(1024);

  constructor(
    readonly fieldCount: number,
    readonly params: Bm25Params,
  ) {
    this.fieldLen = Array.from({ length: fieldCount }, () => new Float32Array(1024));
    this.fieldTotal = new Float64Array(fieldCount);
  }

  /** Live documents. */
  get size(): number {
    return this.live;
  }

  /** Indexes a document given its terms per field; returns its slot. */
  add(fields: string[][]): number {
    const slot = this.slots++;
    this.ensureCapacity(this.slots);
    const ids: number[] = [];
    for (let f = 0; f < this.fieldCount; f++) {
      const counts = new Map<string, number>();
      for (const t of fields[f] ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [t, tf] of counts) {
        const id = this.termId(f, t);
        const p = this.postings[id]!;
        if (p.n === p.docs.length) this.growPostings(p);
        p.docs[p.n] = slot;
        p.tfs[p.n] = tf;
        p.n++;
        p.df++;
        ids.push(id);
      }
      const len = fields[f]?.length ?? 0;
      this.fieldLen[f]![slot] = len;
      this.fieldTotal[f]! += len;
    }
    this.docTerms[slot] = Int32Array.from(ids);
    this.alive[slot] = 1;
    this.live++;
    return slot;
  }

  /** Removes a document by slot; its postings are skipped until the next compaction. */
  remove(slot: number): void {
    if (!this.alive[slot]) return;
    this.alive[slot] = 0;
    for (const id of this.docTerms[slot]!) this.postings[id]!.df--;
    for (let f = 0; f < this.fieldCount; f++) this.fieldTotal[f]! -= this.fieldLen[f]![slot]!;
    this.docTerms[slot] = undefined;
    this.live--;
    this.dead++;
    if (this.dead > 64 && this.dead > this.live / 4) this.compact();
  }

  /**
   * Scores live documents for weighted terms. `accept` filters slots (e.g. by locale). Returns
   * the best `limit` slots with scores, best first.
   */
  search(query: QueryTerm[], limit: number, accept?: (slot: number) => boolean): { slot: number; score: number }[] {
    const { scores, touched } = this;
    let nTouched = 0;
    const k1 = this.params.k1;
    for (const q of query) {
      const id = this.terms.get(q.field + '\u0001' + q.term);
      if (id === undefined) continue;
      const p = this.postings[id]!;
      if (p.df === 0) continue;
      const idf = Math.log(1 + (this.live - p.df + 0.5) / (p.df + 0.5));
      const w = idf * q.weight * (k1 + 1);
      const b = this.params.b[q.field] ?? 0.75;
      const avg = this.fieldTotal[q.field]! / Math.max(1, this.live) || 1;
      const lens = this.fieldLen[q.field]!;
      const c1 = k1 * (1 - b);
      const c2 = (k1 * b) / avg;
      const { docs, tfs, n } = p;
      for (let i = 0; i < n; i++) {
        const d = docs[i]!;
        if (!this.alive[d]) continue;
        const tf = tfs[i]!;
        if (scores[d] === 0) touched[nTouched++] = d;
        scores[d] += (w * tf) / (tf + c1 + c2 * lens[d]!);
      }
    }
    const top = this.topK(nTouched, limit, accept);
    for (let i = 0; i < nTouched; i++) scores[touched[i]!] = 0;
    return top;
  }

  /** The best `limit` touched slots, by a small sorted insertion buffer (limit is small). */
  private topK(nTouched: number, limit: number, accept?: (slot: number) => boolean): { slot: number; score: number }[] {
    const best: { slot: number; score: number }[] = [];
    for (let i = 0; i < nTouched; i++) {
      const d = this.touched[i]!;
      const s = this.scores[d]!;
      if (best.length === limit && s <= best[limit - 1]!.score) continue;
      if (accept && !accept(d)) continue;
      let j = best.length < limit ? best.length : limit - 1;
      while (j > 0 && best[j - 1]!.score < s) j--;
      best.splice(j, 0, { slot: d, score: s });
      if (best.length > limit) best.pop();
    }
    return best;
  }

  /** Document frequency of a term (live documents), for confidence features. */
  df(field: number, term: string): number {
    const id = this.terms.get(field + '\u0001' + term);
    return id === undefined ? 0 : this.postings[id]!.df;
  }

  /** The BM25 idf of a term with a given df under the current statistics. */
  idf(df: number): number {
    return Math.log(1 + (this.live - df + 0.5) / (df + 0.5));
  }

  private termId(field: number, term: string): number {
    const key = field + '\u0001' + term;
    let id = this.terms.get(key);
    if (id === undefined) {
      id = this.postings.length;
      this.terms.set(key, id);
      this.postings.push({ docs: new Int32Array(4), tfs: new Float32Array(4), n: 0, df: 0, field });
    }
    return id;
  }

  private growPostings(p: Postings): void {
    const docs = new Int32Array(p.docs.length * 2);
    docs.set(p.docs);
    const tfs = new Float32Array(p.tfs.length * 2);
    tfs.set(p.tfs);
    p.docs = docs;
    p.tfs = tfs;
  }

  private ensureCapacity(n: number): void {
    if (n <= this.alive.length) return;
    const cap = Math.max(n, this.alive.length * 2);
    const grow = <T extends Float32Array | Float64Array | Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a as never);
      return b;
    };
    this.alive = grow(this.alive, (c) => new Uint8Array(c));
    this.scores = grow(this.scores, (c) => new Float64Array(c));
    this.touched = grow(this.touched, (c) => new Int32Array(c));
    for (let f = 0; f < this.fieldCount; f++) this.fieldLen[f] = grow(this.fieldLen[f]!, (c) => new Float32Array(c));
  }

  /** Drops dead postings in place. Slots are kept, so callers' slot numbers stay valid. */
  private compact(): void {
    for (const p of this.postings) {
      let w = 0;
      for (let i = 0; i < p.n; i++) {
        if (!this.alive[p.docs[i]!]) continue;
        p.docs[w] = p.docs[i]!;
        p.tfs[w] = p.tfs[i]!;
        w++;
      }
      p.n = w;
    }
    this.dead = 0;
  }
}
