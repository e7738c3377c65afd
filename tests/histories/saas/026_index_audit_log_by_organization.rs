// On the partitioned parent: PostgreSQL builds one index per partition, and on new ones.
migration! {
    createIndex("audit_log", ["organizationId", { name: "occurredAt", sort: "desc" }]);
    createIndex("audit_log", ["targetType", "targetId"], { where: "target_id IS NOT NULL" });
}
