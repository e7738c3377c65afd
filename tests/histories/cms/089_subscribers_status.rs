migration! {
    createType("subscriber_status", ["pending", "active", "unsubscribed", "bounced"]);
    addColumns("subscribers", { status: { type: "subscriber_status", notNull: true, default: "pending" } });
}
