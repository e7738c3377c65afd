// "Postgres" and "postgres" were two tags; names are unique regardless of case now.
migration! {
    up {
        sql("UPDATE post_tags pt SET tag_id = keep.id
                FROM tags dup
                JOIN LATERAL (SELECT min(t.id) AS id FROM tags t WHERE lower(t.name) = lower(dup.name)) keep ON true
                WHERE pt.tag_id = dup.id AND dup.id <> keep.id
                  AND NOT EXISTS (SELECT 1 FROM post_tags o WHERE o.post_id = pt.post_id AND o.tag_id = keep.id);
            DELETE FROM tags t WHERE EXISTS (SELECT 1 FROM tags k WHERE lower(k.name) = lower(t.name) AND k.id < t.id)");
        createIndex("tags", [func("lower(name)")], { unique: true, name: "tags_name_lower_idx" });
    }
    down {
        dropIndex("tags", "name", { name: "tags_name_lower_idx" });
    }
}
