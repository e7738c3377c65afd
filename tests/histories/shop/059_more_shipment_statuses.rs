migration! {
    addTypeValue("shipment_status", "out_for_delivery", { before: "delivered" });
    addTypeValue("shipment_status", "lost");
    down { noop; }
}
