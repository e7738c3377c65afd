migration! {
    addColumns("users", {
        emailVerifiedAt: "timestamptz",
        locale: { type: "varchar(10)", notNull: true, default: "en" },
        timeZone: { type: "text", notNull: true, default: "UTC" },
        avatarUrl: { type: "text", check: "avatar_url LIKE 'https://%'" },
    });
}
