migration! {
    addColumns("payments", {
        capturedAt: "timestamptz",
        failureCode: "text",
        failureMessage: "text",
        raw: { type: "jsonb", comment: "the provider's last webhook payload" },
    });
}
