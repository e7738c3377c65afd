migration! {
    createType("mfa_kind", ["totp", "webauthn", "recovery_code"]);
    createTable("mfa_factors", {
        id: { type: "uuid", primaryKey: true, default: func("gen_random_uuid()") },
        userId: { type: "uuid", notNull: true, references: "users(id)", onDelete: "cascade" },
        kind: { type: "mfa_kind", notNull: true },
        label: "text",
        secret: { type: "bytea", notNull: true, comment: "encrypted with the KMS key of the environment" },
        lastUsedAt: "timestamptz",
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, { comment: "second factors; a user may have several" });
    createIndex("mfa_factors", "userId");
}
