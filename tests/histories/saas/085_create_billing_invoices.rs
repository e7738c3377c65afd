migration! {
    createType("invoice_status", ["draft", "open", "paid", "void", "uncollectible"]);
    createTable("billing_invoices", {
        id: { type: "uuid", primaryKey: true, default: func("gen_random_uuid()") },
        organizationId: { type: "uuid", notNull: true, references: "organizations(id)", onDelete: "restrict" },
        subscriptionId: { type: "uuid", references: "subscriptions(id)", onDelete: "set null" },
        number: { type: "text", notNull: true, unique: true },
        status: { type: "invoice_status", notNull: true, default: "draft" },
        amountDueCents: { type: "bigint", notNull: true, check: "amount_due_cents >= 0" },
        amountPaidCents: { type: "bigint", notNull: true, default: 0 },
        currency: { type: "char(3)", notNull: true, default: "usd" },
        periodStart: { type: "date", notNull: true },
        periodEnd: { type: "date", notNull: true },
        issuedAt: "timestamptz",
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, {
        constraints: { check: ["period_end >= period_start", "amount_paid_cents <= amount_due_cents"] },
        comment: "mirrors Stripe invoices; Stripe is the source of truth",
    });
    createIndex("billing_invoices", ["organizationId", { name: "periodStart", sort: "desc" }]);
    createIndex("billing_invoices", "status", { where: "status = 'open'", name: "billing_invoices_open_idx" });
}
