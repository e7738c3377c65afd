// Slugs for existing tenants, derived from their names; a suffix where two collide.
migration! {
    up {
        sql("UPDATE organizations o SET slug = s.slug
            FROM (
                SELECT id,
                       trim(both '-' from lower(regexp_replace(name, '[^a-zA-Z0-9]+', '-', 'g')))
                       || CASE WHEN row_number() OVER w > 1 THEN '-' || row_number() OVER w ELSE '' END AS slug
                FROM organizations
                WINDOW w AS (PARTITION BY lower(regexp_replace(name, '[^a-zA-Z0-9]+', '-', 'g')) ORDER BY created_at)
            ) s
            WHERE s.id = o.id AND o.slug IS NULL");
    }
    down { noop; }
}
