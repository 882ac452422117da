package com.example.deviceerp.api;

import com.example.deviceerp.data.ErpRepository;
import com.example.deviceerp.domain.Device;
import jakarta.enterprise.context.RequestScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Device traceability by serial number. */
@Path("/devices")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DeviceResource {
    @PersistenceContext(unitName = "device-erp")
    EntityManager em;

    @GET
    @Path("serial/{serial}")
    public Device bySerial(@PathParam("serial") String serial) {
        return new ErpRepository(em).deviceBySerial(serial).orElseThrow(NotFoundException::new);
    }
}
