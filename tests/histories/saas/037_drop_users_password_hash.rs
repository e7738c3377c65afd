migration! {
    up {
        dropColumn("users", "passwordHash");
    }
    down {
        addColumn("users", { passwordHash: "text" });
        sql("UPDATE users u SET password_hash = c.password_hash FROM user_credentials c WHERE c.user_id = u.id");
    }
}
