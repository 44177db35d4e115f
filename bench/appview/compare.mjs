// bench/appview/compare.mjs: the real app-view (@atproto/bsky) over skybatch's databases and its own, side by side.
//
//   node compare.mjs <work dir> <reference database URL> <skybatch's database URL>...
//
// The work dir holds what AppViewCheck wrote: accounts.json (DID, handle, key) and records.json (every record, in
// the order it was made). The reference database is filled as the app-view fills its own: bsky's migrations, then an
// actor row per account as IndexingService.indexHandle writes it for a verified handle, then
// IndexingService.indexRecord of every record in creation order. Each of skybatch's databases was filled by skybatch
// alone; bsky's migrator must find nothing to apply on it. Then DataPlaneServer + BskyAppView start over each database
// on 127.0.0.1 (DID documents from a PLC stand-in here), the same XRPC calls go to both as each account (service JWTs
// signed with the account's key), and the JSON answers are compared, every "indexedAt" aside. Prints how many are
// equal and the differences of the others; exits 1 unless all are equal.
// With REFERENCE_FILLED=true in the environment the reference database is taken as it is (live.mjs filled it from the
// relay stand-in with bsky's own firehose consumer), and records.json only names the records the calls ask about.
import { readFile } from 'node:fs/promises'
import http from 'node:http'
import { isDeepStrictEqual } from 'node:util'
import { BackgroundQueue, Database } from '@atproto/bsky'
import { Secp256k1Keypair } from '@atproto/crypto'
import { lexParse, parseCid } from '@atproto/lex'
import { WriteOpAction } from '@atproto/repo'
import { AtUri } from '@atproto/syntax'
import { createServiceJwt } from '@atproto/xrpc-server'
import { APPVIEW_DID, startAppView } from './appview-server.mjs'

// IndexingService is not exported from the package root; the file is imported by path (the exports map forbids it).
const { IndexingService } = await import(
  new URL('./node_modules/@atproto/bsky/dist/data-plane/server/indexing/index.js', import.meta.url))

const [work, referenceUrl, ...oursUrls] = process.argv.slice(2)
const accounts = JSON.parse(await readFile(`${work}/accounts.json`, 'utf8'))
const records = JSON.parse(await readFile(`${work}/records.json`, 'utf8'))
const SCHEMA = 'bsky'

// --- the reference database: bsky's own migrations and indexer, in creation order

const reference = new Database({ url: referenceUrl, schema: SCHEMA, poolSize: 4 })
await reference.migrateToLatestOrThrow()
if (process.env.REFERENCE_FILLED !== 'true') {
  const now = new Date().toISOString()
  for (const account of accounts) {
    await reference.db.insertInto('actor').values({ did: account.did, handle: account.handle, indexedAt: now })
      .execute()
  }
  const background = new BackgroundQueue(reference)
  const indexing = new IndexingService(reference, null, background)
  for (const { uri, cid, record } of records) {
    await indexing.indexRecord(new AtUri(uri), parseCid(cid), lexParse(JSON.stringify(record)),
      WriteOpAction.Create, new Date().toISOString())
  }
  await background.processAll()
}

// --- a PLC directory stand-in for the DID documents (service JWTs are checked against their keys)

const documents = new Map(accounts.map((a) => [a.did, {
  '@context': ['https://www.w3.org/ns/did/v1'],
  id: a.did,
  alsoKnownAs: [`at://${a.handle}`],
  verificationMethod: [{ id: `${a.did}#atproto`, type: 'Multikey', controller: a.did,
    publicKeyMultibase: a.didKey.slice('did:key:'.length) }],
  service: [{ id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: 'http://127.0.0.1:1' }],
}]))
const plc = http.createServer((req, res) => {
  const doc = documents.get(decodeURIComponent(req.url.slice(1)))
  res.writeHead(doc ? 200 : 404, { 'content-type': 'application/json' })
  res.end(JSON.stringify(doc ?? { message: 'DID not registered' }))
})
await new Promise((resolve) => plc.listen(0, '127.0.0.1', resolve))
const plcUrl = `http://127.0.0.1:${plc.address().port}`


const referenceServer = await startAppView(reference, plcUrl)

// --- the calls

const keys = new Map()
for (const a of accounts) keys.set(a.did, await Secp256k1Keypair.import(a.privateKey))

async function call(server, viewer, lxm, params) {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(params)) {
    for (const v of [].concat(value)) query.append(name, v)
  }
  const jwt = await createServiceJwt({ iss: viewer, aud: APPVIEW_DID, lxm, keypair: keys.get(viewer) })
  const res = await fetch(`${server.url}/xrpc/${lxm}?${query}`, { headers: { authorization: `Bearer ${jwt}` } })
  return { status: res.status, body: withoutIndexedAt(await res.json().catch(() => null)) }
}

/** Every "indexedAt" aside, and listNotifications' seenAt when it is the newest notification's indexedAt. */
function withoutIndexedAt(body) {
  if (body?.seenAt !== undefined && body.seenAt === body.notifications?.[0]?.indexedAt) {
    delete body.seenAt
  }
  return withoutIndexedAtFields(body)
}

function withoutIndexedAtFields(value) {
  if (Array.isArray(value)) return value.map(withoutIndexedAtFields)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'indexedAt')
      .map(([k, v]) => [k, withoutIndexedAtFields(v)]))
  }
  return value
}

const dids = accounts.map((a) => a.did)
const posts = records.filter((r) => r.uri.includes('/app.bsky.feed.post/')).map((r) => r.uri)
const roots = records.filter((r) => r.uri.includes('/app.bsky.feed.post/') && !r.record.reply).map((r) => r.uri)
const lists = records.filter((r) => r.uri.includes('/app.bsky.graph.list/')).map((r) => r.uri)
const calls = []
const add = (viewer, lxm, params) => calls.push({ viewer, lxm, params })
for (const viewer of dids) {
  add(viewer, 'app.bsky.actor.getProfiles', { actors: dids })
  add(viewer, 'app.bsky.feed.getTimeline', {})
  add(viewer, 'app.bsky.feed.getActorLikes', { actor: viewer })
  add(viewer, 'app.bsky.graph.getListBlocks', {})
  add(viewer, 'app.bsky.graph.getBlocks', {})
  add(viewer, 'app.bsky.graph.getRelationships', { actor: viewer, others: dids })
  add(viewer, 'app.bsky.notification.listNotifications', {})
  add(viewer, 'app.bsky.notification.getUnreadCount', {})
  add(viewer, 'app.bsky.feed.getPosts', { uris: posts })
}
const viewer = dids[0]
for (const actor of dids) {
  add(viewer, 'app.bsky.actor.getProfile', { actor })
  for (const filter of ['posts_with_replies', 'posts_no_replies', 'posts_with_media', 'posts_and_author_threads',
    'posts_with_video']) {
    add(viewer, 'app.bsky.feed.getAuthorFeed', { actor, filter })
  }
  add(viewer, 'app.bsky.graph.getFollowers', { actor })
  add(viewer, 'app.bsky.graph.getFollows', { actor })
  add(viewer, 'app.bsky.graph.getLists', { actor })
}
for (const uri of posts) {
  add(viewer, 'app.bsky.feed.getLikes', { uri })
  add(viewer, 'app.bsky.feed.getRepostedBy', { uri })
  add(viewer, 'app.bsky.feed.getQuotes', { uri })
}
for (const uri of roots) {
  for (const v of dids) {
    add(v, 'app.bsky.feed.getPostThread', { uri })
    add(v, 'app.bsky.unspecced.getPostThreadV2', { anchor: uri })
  }
}
for (const list of lists) add(viewer, 'app.bsky.graph.getList', { list })

// The app-view gives some hydration steps a deadline (known followers: 100 ms) and leaves their part out when it
// passes; on a busy machine that happens now and then, so a difference is asked again twice before it counts.
const ATTEMPTS = 3
let allEqual = true
for (const oursUrl of oursUrls) {
  const name = new URL(oursUrl).pathname.slice(1)
  // skybatch's database: bsky's migrator must accept it as it is
  const ours = new Database({ url: oursUrl, schema: SCHEMA, poolSize: 4 })
  const applied = await ours.migrateToLatestOrThrow()
  console.log(`\n=== ${name}: bsky's migrator applied ${applied.length} migrations`)
  const oursServer = await startAppView(ours, plcUrl)
  let equal = 0
  let repeated = 0
  const differing = []
  for (const c of calls) {
    let a, b
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      a = await call(oursServer, c.viewer, c.lxm, c.params)
      b = await call(referenceServer, c.viewer, c.lxm, c.params)
      if (a.status === 200 && isDeepStrictEqual(a, b)) {
        equal++
        if (attempt > 1) repeated++
        break
      }
      if (attempt === ATTEMPTS) differing.push({ ...c, ours: a, reference: b })
    }
  }
  for (const d of differing) {
    console.log(`\n--- ${d.lxm} ${JSON.stringify(d.params)} as ${d.viewer}`)
    if (d.ours.status !== 200 || d.reference.status !== 200) {
      console.log(`  HTTP ${d.reference.status} ${JSON.stringify(d.reference.body)} (reference),`
        + ` ${d.ours.status} ${JSON.stringify(d.ours.body)} (skybatch)`)
    }
    printDiff(d.reference.body, d.ours.body, '')
  }
  console.log(`\n${name}: ${equal} of ${calls.length} answers equal to the app-view's over its own indexer's database`
    + ` (${repeated} of them only when asked again)`)
  allEqual &&= equal === calls.length && applied.length === 0
  await oursServer.appView.destroy()
  await oursServer.dataplane.destroy()
  await ours.close()
}

await referenceServer.appView.destroy()
await referenceServer.dataplane.destroy()
plc.close()
await reference.close()
process.exit(allEqual ? 0 : 1)

/** Prints, per JSON path, what the reference answered and what skybatch's database made the app-view answer. */
function printDiff(expected, actual, path) {
  if (isDeepStrictEqual(expected, actual)) return
  if (expected && actual && typeof expected === 'object' && typeof actual === 'object'
    && Array.isArray(expected) === Array.isArray(actual)) {
    for (const k of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      printDiff(expected[k], actual[k], `${path}.${k}`)
    }
    return
  }
  console.log(`  ${path || '.'}: reference ${JSON.stringify(expected)}  skybatch ${JSON.stringify(actual)}`)
}
