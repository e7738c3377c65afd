// Added on the parent; every partition gets the columns.
migration! {
    addColumns("audit_log", {
        actorIp: "inet",
        requestId: "uuid",
    });
}
