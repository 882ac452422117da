package io.custos.jpa.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** An unprotected entity that refers to a protected one; its id is assigned by the application. */
@Entity
@Table(name = "VISIT")
public class Visit {
    @Id
    private String id;

    @ManyToOne
    private Patient patient;

    @Column(name = "NOTE", length = 100)
    private String note;

    public Visit() {
    }

    public Visit(String id, Patient patient, String note) {
        this.id = id;
        this.patient = patient;
        this.note = note;
    }

    public String getId() {
        return id;
    }

    public Patient getPatient() {
        return patient;
    }

    public String getNote() {
        return note;
    }
}
