// The application's users; everything else hangs off them.
migration! {
    up {
        sql("CREATE TABLE users (
            id bigserial PRIMARY KEY,
            email text NOT NULL UNIQUE,
            display_name varchar(100) NOT NULL,
            password_hash text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now()
        )");
    }
    down {
        sql("DROP TABLE users");
    }
}
