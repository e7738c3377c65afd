// The third wave's operations, each on what exists by then: nothing is refused, and
// what they change is followed (the renamed attribute and value, the new attribute).
migration! {
    createType("address", { street: "text", city: "text" });
    addTypeAttribute("address", "postCode", "varchar(10)");
    renameTypeAttribute("address", "street", "streetLine");
    setTypeAttribute("address", "streetLine", "varchar(200)");
    dropTypeAttribute("address", "postCode");
    renameTypeValue("mood", "happy", "glad");
    createView("adults", "SELECT id, email FROM users WHERE age > 17");
    alterView("adults", { options: { securityBarrier: true } });
    alterViewColumn("adults", "email", { default: "none" });
    createMaterializedView("postCounts", "SELECT user_id, count(*) AS total FROM posts GROUP BY user_id");
    renameMaterializedViewColumn("postCounts", "total", "postTotal");
    alterMaterializedView("postCounts", { storageParameters: { fillfactor: 80 } });
    createDomain("email", "text");
    alterDomain("email", { notNull: true });
    alterTable("posts", { levelSecurity: "enable" });
    createPolicy("posts", "ownPosts", { using: "user_id = 1" });
    alterPolicy("posts", "ownPosts", { using: "user_id = 2" });
    createTable("postsCopy", {}, { like: "posts" });
    createCast("address", "text", { inout: true });
    down { noop; }
}

