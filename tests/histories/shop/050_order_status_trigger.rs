migration! {
    up {
        sql("CREATE FUNCTION record_order_status() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    INSERT INTO order_events (order_id, to_status) VALUES (NEW.id, NEW.status);
                ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
                    INSERT INTO order_events (order_id, from_status, to_status) VALUES (NEW.id, OLD.status, NEW.status);
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER orders_status_history AFTER INSERT OR UPDATE OF status ON orders
                FOR EACH ROW EXECUTE FUNCTION record_order_status()");
    }
    down {
        sql("DROP TRIGGER orders_status_history ON orders;
            DROP FUNCTION record_order_status()");
    }
}
