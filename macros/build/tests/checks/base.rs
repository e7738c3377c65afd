// The schema every case starts from.
migration! {
    createType("mood", ["sad", "ok", "happy"]);
    createTable("users", {
        id: "id",
        email: { type: "text", notNull: true, unique: true },
        name: { type: "varchar(40)", notNull: true },
        age: "smallint",
        mood: "mood",
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createTable("posts", {
        id: "id",
        userId: { type: "bigint", notNull: true, references: "users", onDelete: "cascade" },
        title: { type: "text", notNull: true },
        deletedAt: "timestamptz",
    });
    createIndex("posts", "userId");
}
