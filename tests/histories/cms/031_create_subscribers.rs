migration! {
    createTable("subscribers", {
        id: "id",
        email: { type: "email_address", notNull: true },
        confirmedAt: "timestamptz",
        unsubscribedAt: "timestamptz",
        source: { type: "text", notNull: true, default: "footer" },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createIndex("subscribers", [func("lower(email)")], { unique: true, name: "subscribers_email_idx" });
}
