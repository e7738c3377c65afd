migration! {
    createTable("diaryEntries", {
        id: "id",
        body: { type: "text", notNull: true },
        mood: { type: "mood", notNull: true, default: "calm" },
        writtenAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createIndex("diaryEntries", ["writtenAt"]);
}
