migration! {
    addColumns("customers", {
        acceptsMarketing: { type: "boolean", notNull: true, default: false },
        marketingConsentAt: "timestamptz",
        locale: { type: "text", notNull: true, default: "en-US" },
    });
}
