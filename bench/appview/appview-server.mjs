// bench/appview/appview-server.mjs: the real app-view (@atproto/bsky's DataPlaneServer and BskyAppView) over a
// database, on 127.0.0.1, for compare.mjs and labels.mjs.
import { BskyAppView, DataPlaneServer, ServerConfig } from '@atproto/bsky'
import { Secp256k1Keypair } from '@atproto/crypto'

export const APPVIEW_DID = 'did:web:appview.test'

/** Starts the dataplane and the app-view over `db`, DID documents from the PLC stand-in at `plcUrl`. */
export async function startAppView(db, plcUrl) {
  // the PLC stand-in is on 127.0.0.1, which the default fetch refuses (SSRF protection)
  const dataplane = await DataPlaneServer.create(db, 0, plcUrl, globalThis.fetch)
  const dataplanePort = dataplane.server.address().port
  Object.assign(process.env, {
    BSKY_PORT: '0', BSKY_PUBLIC_URL: 'http://appview.test', BSKY_SERVER_DID: APPVIEW_DID, BSKY_DID_PLC_URL: plcUrl,
    BSKY_DATAPLANE_URLS: `http://127.0.0.1:${dataplanePort}`, BSKY_DATAPLANE_HTTP_VERSION: '1.1',
    BSKY_BSYNC_URL: 'http://127.0.0.1:1', BSKY_BSYNC_HTTP_VERSION: '1.1', MOD_SERVICE_DID: 'did:example:mod',
  })
  const appView = BskyAppView.create({ config: ServerConfig.readEnv(), signingKey: await Secp256k1Keypair.create() })
  const server = await appView.start()
  return { dataplane, appView, url: `http://127.0.0.1:${server.address().port}` }
}
