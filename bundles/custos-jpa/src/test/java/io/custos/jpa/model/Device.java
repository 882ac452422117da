package io.custos.jpa.model;

import io.custos.api.DataClass;
import io.custos.api.EncryptionMode;
import io.custos.api.MaskStyle;
import io.custos.api.Protected;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Protected by annotation only (no policy entry), with an IDENTITY id. */
@Entity
@Table(name = "DEVICE")
public class Device {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Protected(value = DataClass.DEVICE_SERIAL, mode = EncryptionMode.DETERMINISTIC, mask = MaskStyle.LAST4)
    @Column(name = "SERIAL_NO", length = 60)
    private String serialNo;

    @Column(name = "MODEL", length = 60)
    private String model;

    public Device() {
    }

    public Device(String serialNo, String model) {
        this.serialNo = serialNo;
        this.model = model;
    }

    public Long getId() {
        return id;
    }

    public String getSerialNo() {
        return serialNo;
    }

    public String getModel() {
        return model;
    }
}
