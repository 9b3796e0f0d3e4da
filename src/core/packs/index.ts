/**
 * Signed content packs: the programmatic API behind the `kiosk` pack commands and, later, the
 * kiosk's IT screen. See ./README.md for the format and the security rules.
 *
 *   inspectPack(file, dataDir)              verify without changing anything: summary and diff
 *   installPack(file, dataDir, onProgress)  verify, build beside the live content, switch atomically
 *   rollback(dataDir)                       back to the newest kept content
 *   resetRollbackRecord(dataDir)            the anti-rollback record set back to the live content (IT only)
 *   status(dataDir)                         installed, kept, accepted, trusted
 *   readAuditLog(dataDir, limit)            the audit log, oldest first
 *   findPacks(folders)                      *.kpack files on USB sticks
 *   new PackWatcher(options)                install newer packs on its own while the kiosk is idle
 *   createPack(options)                     write a signed pack from a content source folder
 *   trustKey / setThreshold                 the trusted keys
 *   setPin / verifyPin / pinCheck           staff PINs
 */
export { readAuditLog, formatAuditEntry, type AuditEntry } from './audit.js';
export { createPack, type CreatePackOptions, type CreatedPack } from './create.js';
export { PACK_CHECKS, PackError, PackOperationError, type PackCheck } from './errors.js';
export { findPacks, type FoundPack } from './find.js';
export { DEFAULT_LIMITS, PACK_EXTENSION, type KeyList, type Manifest, type PackLimits } from './format.js';
export {
  inspectPack,
  installPack,
  resetRollbackRecord,
  rollback,
  status,
  type ContentDiff,
  type InstallResult,
  type Inspection,
  type PackOptions,
  type PackStatus,
  type PackSummary,
  type RollbackRecord,
  type RollbackRecordReset,
  type RollbackResult,
} from './install.js';
export { generateKeyFiles, loadPrivateKey, readPublicKeyFile, type GeneratedKey, type SigningKey } from './keys.js';
export { PIN_PATTERN, PinError, hasPin, pinCheck, setPin, verifyPin } from './pins.js';
export { setThreshold, trustKey, type TrustResult } from './trust.js';
export { PackWatcher, RESULT_SUFFIX, resultFileFor, type PackWatcherOptions, type WatchAttempt, type WatchOutcome } from './watch.js';
export type { ProgressFn, Signer } from './verify.js';
