// The ownership engine's public API (pure TypeScript: the CLI and the VS Code extension both use it).
export { OWNERSHIP_RULES, OWNERSHIP_RULE_IDS, isOwnershipRuleId, type OwnershipRule, type OwnershipRuleId } from './rules';
export { ownershipFingerprint, type OwnershipFinding, type RelatedLocation } from './finding';
export { REFERENCE_KINDS, type CredentialReference, type ReferenceKind, type ResourceOwnership } from './reference';
export { ENTITY_REF, IdentitySchema, REGISTER_FILE, RegisterSchema, type IdentityInput, type Owners } from './schema';
export { emptyRegister, parseRegister, type Identity, type Register, type RegisterIssue } from './register';
export { RegisterEditError, addIdentity, addIdentityEdit, addMatch, addMatchEdit, applyEdit, setIdentityDateEdit, type LifecycleKey, type TextEdit } from './register-edit';
export { canonicalEnvironment, discoverReferences, environmentFromPath, isDocumentationFile, referencesFromFindings } from './discovery';
export { findIdentity, identityMatches, matchesPattern } from './match';
export { INVENTORY_STATUSES, evaluateOwnership, missingFields, type InventoryEntry, type InventoryReference, type InventoryStatus, type OwnershipInput, type OwnershipResult } from './evaluate';
export { DEFAULT_REQUIRED, REQUIRABLE_FIELDS, ownershipOptions, type OwnershipConfig, type OwnershipOptions, type RequirableField } from '../config/ownership';
export { OwnershipConfigSchema } from '../config/ownership-schema';
export { isCatalogFile, mergeCatalog, parseCatalog, type CatalogEntity, type CatalogFile } from './sources/catalog';
export { CODEOWNERS_LOCATIONS, codeownersFor, codeownerToEntityRef, parseCodeowners, type CodeOwners } from './sources/codeowners';
export { codeownerSuggestions, ownerSuggestions, type OwnerSuggestion } from './suggest';
export { loadOwnershipContext, loadOwnershipContextAsync, readUnanalyzedSources, type OwnershipContext, type OwnershipRun } from './workspace';
export { addDuration, isValidDuration, parseDate } from './dates';
export { OwnershipState, findingsByPath } from './state';
export { labelValue, ownerTagEdit } from './resource-tag';
