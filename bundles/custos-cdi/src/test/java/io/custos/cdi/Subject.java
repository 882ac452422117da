package io.custos.cdi;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;

/** A trial subject; no Custos annotation: the policy file protects it. */
@Entity
public class Subject {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "subject_seq")
    @SequenceGenerator(name = "subject_seq", allocationSize = 10)
    private Long id;

    @Column(length = 100)
    private String name;

    @Column(length = 100)
    private String phone;

    @Column(length = 200)
    private String notes;

    @Column(length = 40)
    private String site;

    public Subject() {
    }

    public Subject(String name, String phone, String notes, String site) {
        this.name = name;
        this.phone = phone;
        this.notes = notes;
        this.site = site;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getPhone() {
        return phone;
    }

    public String getNotes() {
        return notes;
    }

    public String getSite() {
        return site;
    }

    public void setSite(String site) {
        this.site = site;
    }
}
