// Free-text provider names broke the finance export; a closed list now.
migration! {
    up {
        createType("payment_provider", ["stripe", "paypal", "adyen", "manual"]);
        sql("UPDATE payments SET provider = lower(provider) WHERE provider <> lower(provider)");
        alterColumn("payments", "provider", { type: "payment_provider", using: "provider::payment_provider" });
    }
    down {
        alterColumn("payments", "provider", { type: "text", using: "provider::text" });
        dropType("payment_provider");
    }
}
