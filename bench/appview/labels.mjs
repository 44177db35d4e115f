// bench/appview/labels.mjs: the real app-view (@atproto/bsky) shows the labels skybatch's labels tail wrote.
//
//   node labels.mjs <work dir> <skybatch's database URL>
//
// The work dir holds what LabelsAppViewCheck wrote: labels.json (the labeler's DID and the subjects it labelled).
// Over the database (filled by skybatch's backfill, then `labels tail --drain` of a labeler's journal), the
// app-view answers getPosts and getProfile: with the labeler in atproto-accept-labelers, the labeled post and the
// labeled account carry the labels; a negated label and an expired one are not shown; without the header, none of
// the labeler's are. Prints each check; exits 1 unless all hold.
import { readFile } from 'node:fs/promises'
import { Database } from '@atproto/bsky'
import { startAppView } from './appview-server.mjs'

const [work, oursUrl] = process.argv.slice(2)
const input = JSON.parse(await readFile(`${work}/labels.json`, 'utf8'))
const db = new Database({ url: oursUrl, schema: 'bsky', poolSize: 2 })
// no DID document is needed for these unauthenticated calls
const server = await startAppView(db, 'http://127.0.0.1:1')

async function get(lxm, params, labelers) {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(params)) for (const v of [].concat(value)) query.append(name, v)
  const headers = labelers ? { 'atproto-accept-labelers': labelers } : {}
  const res = await fetch(`${server.url}/xrpc/${lxm}?${query}`, { headers })
  const body = await res.json()
  if (res.status !== 200) throw new Error(`${lxm}: HTTP ${res.status} ${JSON.stringify(body)}`)
  return body
}

const vals = (subject) => (subject?.labels ?? []).filter((l) => l.src === input.labeler).map((l) => l.val).sort()
let failed = 0
function check(what, actual, expected) {
  const ok = JSON.stringify(actual) === JSON.stringify(expected)
  failed += ok ? 0 : 1
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}: ${JSON.stringify(actual)}${ok ? '' : ` (expected ${JSON.stringify(expected)})`}`)
}

const withLabeler = await get('app.bsky.feed.getPosts', { uris: [input.labeledPost, input.negatedPost] },
  input.labeler)
const byUri = new Map(withLabeler.posts.map((p) => [p.uri, p]))
check('the labeled post, with the labeler accepted', vals(byUri.get(input.labeledPost)), input.labeledPostVals)
check('the post whose label was negated', vals(byUri.get(input.negatedPost)), [])
const labeledPost = (byUri.get(input.labeledPost)?.labels ?? []).find((l) => l.src === input.labeler)
check('the label\'s cid', labeledPost?.cid, input.labeledPostCid)
const profile = await get('app.bsky.actor.getProfile', { actor: input.labeledAccount }, input.labeler)
check('the labeled account\'s profile, with the labeler accepted', vals(profile), input.labeledAccountVals)
const without = await get('app.bsky.feed.getPosts', { uris: [input.labeledPost] })
check('the labeled post, the labeler not accepted', vals(without.posts[0]), [])
const profileWithout = await get('app.bsky.actor.getProfile', { actor: input.labeledAccount })
check('the labeled account, the labeler not accepted', vals(profileWithout), [])

console.log(`\nlabels: ${6 - failed} of 6 checks hold`)
await server.appView.destroy()
await server.dataplane.destroy()
await db.close()
process.exit(failed === 0 ? 0 : 1)
