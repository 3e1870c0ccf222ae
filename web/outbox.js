// The browser console's outbox, as the native console's (judge_console/outbox.h): every mark is
// written to IndexedDB first, with its owner (the judge who typed it) and its idempotency key,
// and leaves only when the server answers "saved". A reload, a closed tab or a dead battery
// loses nothing that was shown as typed; sending it again can never store it twice (the server
// answers a known key with the first result, "duplicate": true).
//
// The newest wins (API v2): a mark carries "revision", the seq of the stored mark it replaces.
// A correction typed while an earlier mark for the same performance is unsent is chained to it
// (after_key); when that one is saved, its seq becomes the correction's revision; when it is
// refused, the correction inherits its revision. A saved mark stays as a receipt (saved_seq).
//
// Items: { id (order of entry), key, owner, path, body, created_ms, attempts, state:
// "waiting" | "saved" | "refused", refused (the reason), after_key, saved_seq }.

const DB_NAME = "liangfen";
const STORE = "outbox";

function request(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
}

// 24 hex digits from the browser's secure generator (crypto.randomUUID needs a secure context;
// getRandomValues does not).
export function randomKey() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return "web-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const samePerformance = (a, b) => a.round === b.round && a.contestant === b.contestant && a.section === b.section;

export class Outbox {
  static async open() {
    const r = indexedDB.open(DB_NAME, 1);
    r.onupgradeneeded = () => {
      const store = r.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
      store.createIndex("key", "key", { unique: true });
    };
    return new Outbox(await request(r));
  }
  constructor(db) { this.db = db; }

  async items() {
    const tx = this.db.transaction(STORE, "readonly");
    return request(tx.objectStore(STORE).getAll());  // by id: order of entry
  }
  // Still to send, oldest first (refused and saved ones excluded); of `owner` only if given.
  async pending(owner) {
    return (await this.items()).filter((i) => i.state === "waiting" && (owner === undefined || i.owner === owner));
  }
  // Unsent and refused items of `owner` (for the screen; receipts excluded).
  async shown(owner) {
    return (await this.items()).filter((i) => i.state !== "saved" && i.owner === owner);
  }
  // Unsent items of people other than `person`: [{ person, count }].
  async othersUnsent(person) {
    const counts = new Map();
    for (const i of await this.pending()) if (i.owner !== person) counts.set(i.owner, (counts.get(i.owner) ?? 0) + 1);
    return [...counts].sort().map(([p, count]) => ({ person: p, count }));
  }

  // Durably stores a mark typed by `owner` over the stored mark as the judge saw it
  // (`seenRevision`, 0 when none); resolves to the item once IndexedDB has committed it.
  async addMark(owner, path, body, seenRevision) {
    const tx = this.db.transaction(STORE, "readwrite");
    const store = tx.objectStore(STORE);
    const all = await request(store.getAll());
    let revision = seenRevision;
    let after = "";
    for (const i of all) {
      if (i.owner !== owner || i.path !== path || !samePerformance(i.body, body)) continue;
      if (i.state === "saved") revision = Math.max(revision, i.saved_seq);  // a newer receipt of mine
      if (i.state === "waiting") after = i.key;  // the newest unsent one: chain to it
    }
    const key = randomKey();
    const item = {
      key, owner, path, created_ms: Date.now(), attempts: 0, state: "waiting", refused: "", after_key: after, saved_seq: 0,
      body: { ...body, judge: owner, revision, idempotency_key: key },
    };
    item.id = await request(store.add(item));
    await done(tx);
    return item;
  }

  // Durably stores any other change typed by `owner` (a timekeeper's duration): the body gets
  // its idempotency key; sent in order with the marks.
  async addChange(owner, path, body) {
    const tx = this.db.transaction(STORE, "readwrite");
    const key = randomKey();
    const item = { key, owner, path, created_ms: Date.now(), attempts: 0, state: "waiting", refused: "", after_key: "",
      saved_seq: 0, body: { ...body, idempotency_key: key } };
    item.id = await request(tx.objectStore(STORE).add(item));
    await done(tx);
    return item;
  }

  async update(key, change) {
    const tx = this.db.transaction(STORE, "readwrite");
    const store = tx.objectStore(STORE);
    const all = await request(store.getAll());
    const item = all.find((i) => i.key === key);
    if (item) change(item, all).forEach((i) => store.put(i));
    await done(tx);
  }
  // Deletes `owner`'s sent and refused items (logout on a shared tablet); unsent ones stay.
  async forgetSent(owner) {
    const tx = this.db.transaction(STORE, "readwrite");
    const store = tx.objectStore(STORE);
    for (const i of await request(store.getAll())) if (i.owner === owner && i.state !== "waiting") store.delete(i.id);
    await done(tx);
  }
  async countAttempt(key) {
    await this.update(key, (item) => { item.attempts += 1; return [item]; });
  }
  // Saved with `seq`: a receipt now (older receipts of the same performance go); the items
  // chained to it take `seq` as their revision.
  async markSaved(key, seq) {
    const tx = this.db.transaction(STORE, "readwrite");
    const store = tx.objectStore(STORE);
    const all = await request(store.getAll());
    const item = all.find((i) => i.key === key);
    if (item) {
      for (const i of all) {
        if (i.after_key === key) {
          i.after_key = "";
          i.body.revision = seq;
          store.put(i);
        } else if (i !== item && i.state === "saved" && i.owner === item.owner && samePerformance(i.body, item.body)) {
          store.delete(i.id);
        }
      }
      item.state = "saved";
      item.saved_seq = seq;
      store.put(item);
    }
    await done(tx);
  }
  // Refused: kept and shown, never resent; items chained to it inherit its revision.
  async refuse(key, reason) {
    await this.update(key, (item, all) => {
      item.state = "refused";
      item.refused = reason;
      const chained = all.filter((i) => i.after_key === key);
      chained.forEach((i) => { i.after_key = ""; i.body.revision = item.body.revision; });
      return [item, ...chained];
    });
  }
}

// Sends `person`'s waiting items in order through `post(path, body)` → { status, body } or
// throws when the server cannot be reached; `reasons` words a refusal: { stale(answerBody),
// notOwner }. Resolves to { saved, refused, stalled, offline,
// needLogin }. One pass at a time (the caller's lock): a key is never in flight twice at once.
export async function sendPending(outbox, person, post, reasons) {
  const pass = { saved: 0, refused: 0, stalled: false, offline: false, needLogin: false };
  for (;;) {
    const next = (await outbox.pending(person))[0];
    if (!next) return pass;
    if (next.after_key) { pass.stalled = true; return pass; }  // cannot happen: the earlier one is sent first
    if (next.path === "/api/marks" && next.body.judge !== person) {
      await outbox.refuse(next.key, reasons.notOwner);
      pass.refused++;
      continue;
    }
    await outbox.countAttempt(next.key);
    let answer;
    try {
      answer = await post(next.path, next.body);
    } catch {
      pass.stalled = pass.offline = true;
      return pass;
    }
    if (answer.status >= 200 && answer.status < 300) {
      await outbox.markSaved(next.key, Number.isInteger(answer.body?.seq) ? answer.body.seq : 0);
      pass.saved++;
      continue;
    }
    if (answer.status >= 500 || answer.status === 408 || answer.status === 429) { pass.stalled = true; return pass; }
    if (answer.status === 401) { pass.stalled = pass.needLogin = true; return pass; }
    const stale = answer.status === 409 && answer.body?.field === "revision";
    await outbox.refuse(next.key, stale ? reasons.stale(answer.body) : (answer.body?.error ?? String(answer.status)));
    pass.refused++;
  }
}
