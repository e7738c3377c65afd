migration! {
    up {
        sql("CREATE FUNCTION apply_inventory_movement() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO inventory AS i (variant_id, on_hand)
                VALUES (NEW.variant_id, greatest(NEW.delta, 0))
                ON CONFLICT (variant_id) DO UPDATE
                    SET on_hand = i.on_hand + NEW.delta, updated_at = now();
                RETURN NEW;
            END $$;
            CREATE TRIGGER inventory_movements_apply AFTER INSERT ON inventory_movements
                FOR EACH ROW EXECUTE FUNCTION apply_inventory_movement()");
    }
    down {
        sql("DROP TRIGGER inventory_movements_apply ON inventory_movements;
            DROP FUNCTION apply_inventory_movement()");
    }
}
