// Who can own a credential, as the register and a Backstage catalog name them (apart from the register's
// schema, which needs the validator: a scan worker reading a catalog file does not).

/** Backstage entity refs of the kinds that can own something: `group:payments`, `user:jdoe`, `group:default/payments`. */
export const ENTITY_REF = /^(?:[Gg]roup|[Uu]ser):(?:[a-z0-9][a-z0-9._-]{0,62}\/)?[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
