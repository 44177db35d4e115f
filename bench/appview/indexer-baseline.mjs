// bench/appview/indexer-baseline.mjs: @atproto/bsky's own indexer consuming a relay's stream, timed: the baseline of
// bench/firehose (run by bench/firehose/baseline, which serves the stream from the relay stand-in).
//
//   node indexer-baseline.mjs <relay ws:// URL> <last seq> <database URL>
//
// bsky's migrations on an empty database, then its dataplane's RepoSubscription (the @atproto/sync Firehose with
// unauthenticatedCommits, as bsky runs it: commit signatures are not checked; IndexingService per event, events of
// different accounts at once) from cursor 0 until the last seq is handled and the background queue (counts) is
// empty. DID documents and handles are answered in memory (did:plc:X has handle X.test), as skybatch's tail reads
// stored keys. Prints one line: events, seconds, events/s.
import { Database, RepoSubscription } from '@atproto/bsky'
import { IdResolver } from '@atproto/identity'

const [relay, lastSeqArg, databaseUrl] = process.argv.slice(2)
const lastSeq = Number(lastSeqArg)

const idResolver = new IdResolver({ plcUrl: 'http://127.0.0.1:1' })
idResolver.did.resolveAtprotoData = async (did) => ({
  did, signingKey: 'did:key:zQ3shunBKsXixLxKtC5qeSG9E4J5RkGN57im31pcTzbNQnm5w',
  handle: `${did.slice('did:plc:'.length)}.test`, pds: 'http://127.0.0.1:1',
})
idResolver.handle.resolve = async (handle) => `did:plc:${handle.slice(0, -'.test'.length)}`

const db = new Database({ url: databaseUrl, schema: 'bsky', poolSize: 10 })
await db.migrateToLatestOrThrow()
const subscription = new RepoSubscription({ service: relay, db, idResolver })
const started = process.hrtime.bigint()
await subscription.start()
let last = -1
let lastMoved = Date.now()
while ((subscription.getCursor() ?? 0) < lastSeq) {
  const cursor = subscription.getCursor() ?? 0
  if (cursor !== last) {
    last = cursor
    lastMoved = Date.now()
  } else if (Date.now() - lastMoved > 60_000) {
    console.error(`indexer-baseline: stuck at seq ${cursor} of ${lastSeq} for 60 s`)
    process.exit(1)
  }
  await new Promise((resolve) => setTimeout(resolve, 20))
}
await subscription.processAll()
const seconds = Number(process.hrtime.bigint() - started) / 1e9
console.log(`${lastSeq} ${seconds.toFixed(3)} ${(lastSeq / seconds).toFixed(1)}`)
await subscription.destroy()
await db.close()
process.exit(0)
