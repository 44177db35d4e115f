// bench/appview/live.mjs: @atproto/bsky's own firehose consumer fills the reference database from the relay stand-in.
//
//   node live.mjs <work dir> <relay ws:// URL> <last seq> <reference database URL>
//
// bsky's migrations, then its dataplane's RepoSubscription (the @atproto/sync Firehose with bsky's handler:
// IndexingService.indexRecord / deleteRecord, setCommitLastSeen, indexHandle, updateActorStatus) subscribed to the
// relay from cursor 0, until it has handled the last seq. Two things are set for a loopback run: DID documents and
// handles come from accounts.json (what the PLC stand-in and the loopback DNS give skybatch), and the runner handles
// events one after another in seq order, where bsky's runs the events of different accounts at once; so the result
// is the one the app-view reaches when events arrive in order, which a comparison can hold skybatch to.
import { readFile } from 'node:fs/promises'
import { Database, RepoSubscription } from '@atproto/bsky'
import { IdResolver } from '@atproto/identity'
import { MemoryRunner } from '@atproto/sync'

const [work, relay, lastSeqArg, referenceUrl] = process.argv.slice(2)
const lastSeq = Number(lastSeqArg)
const accounts = JSON.parse(await readFile(`${work}/accounts.json`, 'utf8'))

// one event at a time, in the order received
let chain = Promise.resolve()
MemoryRunner.prototype.addTask = function (_partitionId, task) {
  const run = chain.then(() => (this.destroyed ? undefined : task()))
  chain = run.catch(() => {})
  return run
}

const byDid = new Map(accounts.map((a) => [a.did, a]))
const idResolver = new IdResolver({ plcUrl: 'http://127.0.0.1:1' })
idResolver.did.resolve = async (did) => {
  const account = byDid.get(did)
  return account ? {
    '@context': ['https://www.w3.org/ns/did/v1'],
    id: did,
    alsoKnownAs: [`at://${account.handle}`],
    verificationMethod: [{ id: `${did}#atproto`, type: 'Multikey', controller: did,
      publicKeyMultibase: account.didKey.slice('did:key:'.length) }],
    service: [{ id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: 'http://127.0.0.1:1' }],
  } : null
}
idResolver.did.resolveAtprotoData = async (did) => {
  const account = byDid.get(did)
  if (!account) throw new Error(`unknown DID ${did}`)
  return { did, signingKey: account.didKey, handle: account.handle, pds: 'http://127.0.0.1:1' }
}
idResolver.handle.resolve = async (handle) => accounts.find((a) => a.handle === handle)?.did

const db = new Database({ url: referenceUrl, schema: 'bsky', poolSize: 4 })
await db.migrateToLatestOrThrow()
const subscription = new RepoSubscription({ service: relay, db, idResolver })
const started = Date.now()
await subscription.start()
while ((subscription.getCursor() ?? 0) < lastSeq) {
  if (Date.now() - started > 120_000) {
    console.error(`live.mjs: bsky's subscription handled seq ${subscription.getCursor()} of ${lastSeq} in 120 s`)
    process.exit(1)
  }
  await new Promise((resolve) => setTimeout(resolve, 50))
}
await chain
await subscription.processAll()
console.log(`live.mjs: bsky's indexer handled ${lastSeq} events from the relay in ${Date.now() - started} ms`)
await subscription.destroy()
await db.close()
process.exit(0)
