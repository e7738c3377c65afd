// Deleting a user used to fail on their API keys; keep the key, forget the creator.
migration! {
    up {
        dropConstraint("api_keys", "api_keys_created_by_fkey");
        addConstraint("api_keys", "api_keys_created_by_fkey", {
            foreignKey: { columns: "created_by", references: "users(id)", onDelete: "set null" },
        });
    }
    down {
        dropConstraint("api_keys", "api_keys_created_by_fkey");
        addConstraint("api_keys", "api_keys_created_by_fkey", {
            foreignKey: { columns: "created_by", references: "users(id)" },
        });
    }
}
