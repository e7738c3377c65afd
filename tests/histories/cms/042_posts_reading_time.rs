// Shown under every title; computed where the body lives.
migration! {
    up {
        sql("ALTER TABLE posts ADD COLUMN reading_minutes integer
                GENERATED ALWAYS AS (greatest(1, length(body) / 1200)) STORED");
    }
    down {
        dropColumn("posts", "readingMinutes");
    }
}
