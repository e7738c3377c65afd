-- One row per schema object of the database, outside PostgreSQL's own schemas and
-- leaving out what extensions own: (kind, schema, name, parent, attributes). Names are
-- qualified and quoted as PostgreSQL quotes identifiers; attributes are text, and an
-- attribute that does not apply is left out (jsonb_strip_nulls), so comparing two
-- snapshots compares exactly what PostgreSQL would print. Object identifiers, owners,
-- column order and statistics are not attributes: they differ between two databases
-- built by the same migrations, or after a down re-creates what its up dropped.
-- It runs with an empty search_path, so every name PostgreSQL prints (regclass,
-- format_type, definitions) is schema-qualified the same way in every database.
WITH ns AS (
    SELECT n.oid, n.nspname, quote_ident(n.nspname) AS q
    FROM pg_namespace n
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass
                      AND d.objid = n.oid AND d.deptype = 'e')
),
rel AS (
    SELECT c.oid, c.relkind, c.relpersistence, c.relispartition, c.relpartbound,
           c.relrowsecurity, c.relforcerowsecurity, c.reloptions, c.relacl,
           ns.nspname, ns.q || '.' || quote_ident(c.relname) AS name
    FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S')
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                      AND d.objid = c.oid AND d.deptype = 'e')
)
SELECT 'schema', nspname, q, NULL, jsonb_strip_nulls(jsonb_build_object(
    'comment', obj_description(oid, 'pg_namespace')))
FROM ns

UNION ALL
SELECT 'extension', e.extnamespace::regnamespace::text, quote_ident(e.extname), NULL,
    jsonb_build_object('version', e.extversion, 'schema', e.extnamespace::regnamespace::text)
FROM pg_extension e WHERE e.extname <> 'plpgsql'

UNION ALL
SELECT CASE r.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
                      WHEN 'S' THEN 'sequence' ELSE 'table' END,
    r.nspname, r.name,
    (SELECT d.refobjid::regclass::text FROM pg_depend d
     WHERE r.relkind = 'S' AND d.classid = 'pg_class'::regclass AND d.objid = r.oid
       AND d.deptype IN ('a', 'i') AND d.refclassid = 'pg_class'::regclass),
    jsonb_strip_nulls(jsonb_build_object(
        'kind', CASE r.relkind WHEN 'p' THEN 'partitioned' WHEN 'f' THEN 'foreign' END,
        'unlogged', CASE WHEN r.relpersistence = 'u' THEN 'true' END,
        'partition key', CASE WHEN r.relkind = 'p' THEN pg_get_partkeydef(r.oid) END,
        'partition of', (SELECT i.inhparent::regclass::text || ' ' || pg_get_expr(r.relpartbound, r.oid)
                         FROM pg_inherits i WHERE i.inhrelid = r.oid AND r.relispartition),
        'inherits', (SELECT string_agg(i.inhparent::regclass::text, ', ' ORDER BY i.inhseqno)
                     FROM pg_inherits i WHERE i.inhrelid = r.oid AND NOT r.relispartition),
        'row level security', CASE WHEN r.relrowsecurity THEN 'enabled' END,
        'forced row level security', CASE WHEN r.relforcerowsecurity THEN 'true' END,
        'options', array_to_string(r.reloptions, ', '),
        'definition', CASE WHEN r.relkind IN ('v', 'm') THEN pg_get_viewdef(r.oid) END,
        'sequence', (SELECT format('%s start %s increment %s min %s max %s cache %s%s',
                                   format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement,
                                   s.seqmin, s.seqmax, s.seqcache,
                                   CASE WHEN s.seqcycle THEN ' cycle' ELSE '' END)
                     FROM pg_sequence s WHERE s.seqrelid = r.oid),
        'owned by', (SELECT d.refobjid::regclass::text || '.' || quote_ident(a.attname)
                     FROM pg_depend d JOIN pg_attribute a
                       ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                     WHERE r.relkind = 'S' AND d.classid = 'pg_class'::regclass
                       AND d.objid = r.oid AND d.deptype IN ('a', 'i')
                       AND d.refclassid = 'pg_class'::regclass),
        'privileges', r.relacl::text,
        'comment', obj_description(r.oid, 'pg_class')))
FROM rel r

UNION ALL
SELECT 'column', r.nspname, r.name || '.' || quote_ident(a.attname), r.name,
    jsonb_strip_nulls(jsonb_build_object(
        'type', format_type(a.atttypid, a.atttypmod),
        'not null', CASE WHEN a.attnotnull THEN 'true' END,
        'default', CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
        'identity', CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END,
        'generated', CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
        'collation', (SELECT co.collname::text FROM pg_collation co, pg_type t
                      WHERE co.oid = a.attcollation AND t.oid = a.atttypid
                        AND a.attcollation <> t.typcollation),
        'storage', CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END,
        'privileges', a.attacl::text,
        'comment', col_description(a.attrelid, a.attnum)))
FROM rel r
JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE r.relkind IN ('r', 'p', 'f')

UNION ALL
SELECT 'constraint', r.nspname, r.name || '.' || quote_ident(c.conname), r.name,
    jsonb_strip_nulls(jsonb_build_object(
        'definition', pg_get_constraintdef(c.oid),
        'comment', obj_description(c.oid, 'pg_constraint')))
FROM pg_constraint c JOIN rel r ON r.oid = c.conrelid

UNION ALL
SELECT 'index', r.nspname, quote_ident(r.nspname) || '.' || quote_ident(i.relname), r.name,
    jsonb_strip_nulls(jsonb_build_object(
        'definition', pg_get_indexdef(x.indexrelid),
        'valid', CASE WHEN NOT x.indisvalid THEN 'false' END,
        'clustered', CASE WHEN x.indisclustered THEN 'true' END,
        'comment', obj_description(x.indexrelid, 'pg_class')))
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN rel r ON r.oid = x.indrelid

UNION ALL
SELECT 'type', ns.nspname, ns.q || '.' || quote_ident(t.typname), NULL,
    jsonb_strip_nulls(jsonb_build_object(
        'kind', CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain'
                               WHEN 'c' THEN 'composite' WHEN 'r' THEN 'range'
                               WHEN 'm' THEN 'multirange' ELSE 'base' END,
        'labels', (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
                   FROM pg_enum e WHERE e.enumtypid = t.oid),
        'base type', CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END,
        'not null', CASE WHEN t.typnotnull THEN 'true' END,
        'default', t.typdefault,
        'constraints', (SELECT string_agg(quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid),
                                          ', ' ORDER BY c.conname)
                        FROM pg_constraint c WHERE c.contypid = t.oid),
        'attributes', (SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod),
                                         ', ' ORDER BY a.attnum)
                       FROM pg_attribute a
                       WHERE t.typtype = 'c' AND a.attrelid = t.typrelid
                         AND a.attnum > 0 AND NOT a.attisdropped),
        'subtype', (SELECT format_type(g.rngsubtype, NULL) FROM pg_range g WHERE g.rngtypid = t.oid),
        'comment', obj_description(t.oid, 'pg_type')))
FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
WHERE t.typtype IN ('e', 'd', 'c', 'r', 'b')
  AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')
  AND (t.typtype <> 'b' OR t.typelem = 0 OR t.typlen <> -1)
  AND NOT EXISTS (SELECT FROM pg_type arr WHERE arr.typarray = t.oid)
  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                  AND d.objid = t.oid AND d.deptype = 'e')

UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
    ns.nspname,
    ns.q || '.' || quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')',
    NULL,
    jsonb_strip_nulls(jsonb_build_object(
        'definition', CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END,
        'returns', CASE WHEN p.prokind = 'a' THEN pg_get_function_result(p.oid) END,
        'privileges', p.proacl::text,
        'comment', obj_description(p.oid, 'pg_proc')))
FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace
WHERE NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'e')

UNION ALL
SELECT 'trigger', r.nspname, r.name || '.' || quote_ident(g.tgname), r.name,
    jsonb_strip_nulls(jsonb_build_object(
        'definition', pg_get_triggerdef(g.oid),
        'enabled', CASE g.tgenabled WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica'
                                    WHEN 'A' THEN 'always' END,
        'comment', obj_description(g.oid, 'pg_trigger')))
FROM pg_trigger g JOIN rel r ON r.oid = g.tgrelid
WHERE NOT g.tgisinternal

UNION ALL
SELECT 'policy', r.nspname, r.name || '.' || quote_ident(p.polname), r.name,
    jsonb_strip_nulls(jsonb_build_object(
        'command', CASE p.polcmd WHEN 'r' THEN 'select' WHEN 'a' THEN 'insert'
                                 WHEN 'w' THEN 'update' WHEN 'd' THEN 'delete' ELSE 'all' END,
        'permissive', CASE WHEN NOT p.polpermissive THEN 'restrictive' END,
        'roles', (SELECT string_agg(CASE WHEN o = 0 THEN 'public' ELSE o::regrole::text END, ', ' ORDER BY 1)
                  FROM unnest(p.polroles) AS o),
        'using', pg_get_expr(p.polqual, p.polrelid),
        'with check', pg_get_expr(p.polwithcheck, p.polrelid),
        'comment', obj_description(p.oid, 'pg_policy')))
FROM pg_policy p JOIN rel r ON r.oid = p.polrelid

UNION ALL
SELECT 'rule', r.nspname, r.name || '.' || quote_ident(w.rulename), r.name,
    jsonb_strip_nulls(jsonb_build_object(
        'definition', pg_get_ruledef(w.oid),
        'comment', obj_description(w.oid, 'pg_rewrite')))
FROM pg_rewrite w JOIN rel r ON r.oid = w.ev_class
WHERE w.rulename <> '_RETURN'
