migration! {
    addColumns("memberships", {
        roleId: { type: "bigint", references: "roles(id)", onDelete: "restrict" },
    });
    createIndex("memberships", "roleId");
}
