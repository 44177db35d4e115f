/**
 * Identity resolution in the application: {@link skybatch.jobs.identity.IdentityConfiguration} wires the network
 * resolvers from the settings; {@link skybatch.jobs.identity.LocalDocuments} answers did:plc documents from what
 * the PLC import stored, before the network is asked; {@link skybatch.jobs.identity.CachedDirectory} keeps answers
 * in {@code skybatch.identity_cache}.
 */
package skybatch.jobs.identity;
