migration! {
    createType("issue_status", ["draft", "scheduled", "sending", "sent"]);
    createTable("newsletter_issues", {
        id: "id",
        subject: { type: "text", notNull: true },
        body: { type: "text", notNull: true },
        status: { type: "issue_status", notNull: true, default: "draft" },
        sendAt: "timestamptz",
        sentAt: "timestamptz",
    });
    createTable("newsletter_sends", {
        issueId: { type: "bigint", notNull: true, references: "newsletter_issues(id)", onDelete: "cascade" },
        subscriberId: { type: "bigint", notNull: true, references: "subscribers(id)", onDelete: "cascade" },
        sentAt: { type: "timestamptz", notNull: true, default: func("now()") },
        openedAt: "timestamptz",
        clickedAt: "timestamptz",
    }, {
        constraints: { primaryKey: ["issueId", "subscriberId"] },
    });
    createIndex("newsletter_sends", "subscriberId");
}
