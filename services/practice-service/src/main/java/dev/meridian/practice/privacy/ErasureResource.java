package dev.meridian.practice.privacy;

import dev.meridian.practice.infrastructure.CommandSender;
import dev.meridian.practice.infrastructure.PathIds;
import dev.meridian.practice.patient.ErasePatient;
import dev.meridian.practice.patient.PatientIsErased;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The right to erasure, by crypto-shredding: {@code PatientErased} is stored, then the patient's key is destroyed,
 * which leaves every personal field of the patient's events unreadable wherever they are. The de-identified clinical
 * facts stay (and were all that ever reached Kafka).
 */
@RestController
@Tag(name = "Patients")
public class ErasureResource {

    private final CommandSender commands;
    private final PatientKeys keys;

    public ErasureResource(CommandSender commands, PatientKeys keys) {
        this.commands = commands;
        this.keys = keys;
    }

    @PostMapping("/api/patients/{patientId}/erase")
    @Operation(summary = "Erase a patient's personal data (network admin)",
            description = "204 once the erasure is stored and the patient's key destroyed; 409 when already erased."
                    + " Views show erased = true shortly after; further commands for the patient answer 409.")
    public ResponseEntity<Void> erase(@PathVariable String patientId) {
        String id = PathIds.known("Patient", patientId);
        try {
            commands.send(new ErasePatient(id));
        } catch (PatientIsErased alreadyErased) {
            // An earlier erasure may have stopped between storing the event and destroying the key: finish it.
            keys.destroy(id);
            throw alreadyErased;
        }
        keys.destroy(id);
        return ResponseEntity.noContent().build();
    }
}
