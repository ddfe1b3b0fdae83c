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
  /** Query terms in more than this share of documents are skipped (speed; 1 keeps all). */
  maxDfRatio: number;
}

/**
 * One term's postings, `slot << 4 | min(tf, 15)` in ascending slot order (BM25 with k1 0.9 is
 * saturated long before tf 15, and one number per posting halves memory). A plain
 * array of small integers (V8 stores them unboxed) rather than typed arrays: most terms occur in
 * one or two documents, and a typed array costs ~200 bytes before holding anything.
 */
type Postings = number[];

/** A weighted query term: `field`, the term text, and how much it counts. */
export interface QueryTerm {
  field: number;
  term: string;
  weight: number;
}

/** See the file comment. Document slots are small integers handed out by {@link add}. */
export class Bm25Index {
  /** Term → id, one map per field. */
  private readonly terms: Map<string, number>[];
  private readonly postings: Postings[] = [];
  /** Live documents per term id. */
  private df = new Int32Array(1024);
  /** Scratch per term id while adding a document: last slot + 1 that counted it, and its tf. */
  private seen = new Int32Array(1024);
  private tf = new Int32Array(1024);
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
    this.terms = Array.from({ length: fieldCount }, () => new Map<string, number>());
    this.fieldLen = Array.from({ length: fieldCount }, () => new Float32Array(1024));
    this.fieldTotal = new Float64Array(fieldCount);
  }

  /** Live documents. */
  get size(): number {
    return this.live;
  }

  /** Indexes a document given its terms per field; returns its slot. */
  add(fields: string[][]): number {
    return this.addIds(fields.map((terms, f) => terms.map((t) => this.intern(f, t))));
  }

  /**
   * Indexes a document given its term ids per field (from {@link intern}); returns its slot.
   * Callers that cache ids per word skip the term lookups, the bulk of indexing time.
   */
  addIds(fields: ArrayLike<number>[]): number {
    const slot = this.slots++;
    this.ensureCapacity(this.slots);
    const ids: number[] = [];
    for (let f = 0; f < this.fieldCount; f++) {
      const terms = fields[f] ?? [];
      // Count term frequencies by id with scratch arrays: no per-document Map to allocate.
      const start = ids.length;
      for (let k = 0; k < terms.length; k++) {
        const id = terms[k]!;
        if (this.seen[id] !== slot + 1) {
          this.seen[id] = slot + 1;
          this.tf[id] = 0;
          ids.push(id);
        }
        this.tf[id]!++;
      }
      for (let i = start; i < ids.length; i++) {
        const id = ids[i]!;
        this.postings[id]!.push((slot << 4) | Math.min(this.tf[id]!, 15));
        this.df[id]!++;
      }
      this.fieldLen[f]![slot] = terms.length;
      this.fieldTotal[f]! += terms.length;
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
    for (const id of this.docTerms[slot]!) this.df[id]!--;
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
      const id = this.terms[q.field]!.get(q.term);
      if (id === undefined || this.df[id] === 0) continue;
      const p = this.postings[id]!;
      const df = this.df[id]!;
      // Terms in most documents barely move the ranking but cost the longest postings walks.
      if (df > this.params.maxDfRatio * this.live && this.live > 20) continue;
      const idf = Math.log(1 + (this.live - df + 0.5) / (df + 0.5));
      const w = idf * q.weight * (k1 + 1);
      const b = this.params.b[q.field] ?? 0.75;
      const avg = this.fieldTotal[q.field]! / Math.max(1, this.live) || 1;
      const lens = this.fieldLen[q.field]!;
      const c1 = k1 * (1 - b);
      const c2 = (k1 * b) / avg;
      for (let i = 0; i < p.length; i++) {
        const d = p[i]! >>> 4;
        if (!this.alive[d]) continue;
        const tf = p[i]! & 15;
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

  /** Whether some live document accepted by `accept` holds every one of `terms` in `field`. */
  holdsAll(field: number, terms: string[], accept?: (slot: number) => boolean): boolean {
    const lists = terms.map((t) => this.terms[field]!.get(t)).map((id) => (id === undefined ? [] : this.postings[id]!));
    if (!lists.length || lists.some((p) => !p.length)) return false;
    // Walk the shortest list and binary-search each of its slots in the others (postings are in slot order).
    lists.sort((a, b) => a.length - b.length);
    return lists[0]!.some((posting) => {
      const slot = posting >>> 4;
      return this.alive[slot] === 1 && (!accept || accept(slot)) && lists.every((p) => hasSlot(p, slot));
    });
  }

  /** Document frequency of a term (live documents), for confidence features. */
  docFreq(field: number, term: string): number {
    const id = this.terms[field]!.get(term);
    return id === undefined ? 0 : this.df[id]!;
  }

  /** The BM25 idf of a term with a given df under the current statistics. */
  idf(df: number): number {
    return Math.log(1 + (this.live - df + 0.5) / (df + 0.5));
  }

  /** The id of a term in a field, created on first use. Ids are never reused. */
  intern(field: number, term: string): number {
    let id = this.terms[field]!.get(term);
    if (id === undefined) {
      id = this.postings.length;
      this.terms[field]!.set(term, id);
      this.postings.push([]);
      if (id === this.df.length) {
        const cap = id * 2;
        const grow = (a: Int32Array) => {
          const b = new Int32Array(cap);
          b.set(a);
          return b;
        };
        this.df = grow(this.df);
        this.seen = grow(this.seen);
        this.tf = grow(this.tf);
      }
    }
    return id;
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
      for (let i = 0; i < p.length; i++) {
        if (!this.alive[p[i]! >>> 4]) continue;
        p[w++] = p[i]!;
      }
      p.length = w;
    }
    this.dead = 0;
  }
}

/** Whether ascending postings hold a slot (binary search). */
function hasSlot(postings: Postings, slot: number): boolean {
  let lo = 0;
  let hi = postings.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = postings[mid]! >>> 4;
    if (at === slot) return true;
    if (at < slot) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
