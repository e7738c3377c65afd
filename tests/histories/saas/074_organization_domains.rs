migration! {
    createTable("organization_domains", {
        id: "id",
        organizationId: { type: "uuid", notNull: true, references: "organizations(id)", onDelete: "cascade" },
        domain: { type: "citext", notNull: true },
        verificationToken: { type: "text", notNull: true, default: func("replace(gen_random_uuid()::text, '-', '')") },
        verifiedAt: "timestamptz",
    });
    createIndex("organization_domains", "domain", { unique: true, where: "verified_at IS NOT NULL", name: "organization_domains_verified_idx" });
}
