package dev.meridian.practice.patient;

import dev.meridian.practice.infrastructure.PathIds;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;

/**
 * Body of {@code POST /api/patients}. Names, birth date and contacts are personal data. Dates "not in the future" are
 * checked by the aggregates (a date counts as begun once it has begun anywhere on Earth), answering 400 on the field.
 */
public record RegisterPatientRequest(
        @Schema(example = "loc-north") @NotBlank @Pattern(regexp = PathIds.NETWORK_ID, message = PathIds.NETWORK_ID_RULE)
        String homeLocationId,
        @Schema(example = "Ada") @NotBlank @Size(max = 100) String givenName,
        @Schema(example = "Marlowfield") @NotBlank @Size(max = 100) String familyName,
        @Schema(example = "1978-04-12") @NotNull LocalDate birthDate,
        @Schema(example = "ada@example.org") @Email @Size(max = 254) String email,
        @Schema(example = "+44 20 7946 0000") @Size(max = 32)
        @Pattern(regexp = "[+0-9 ()./-]*", message = "must contain only digits, spaces and + ( ) . / -")
        String phone) {

    RegisterPatient toCommand(String patientId) {
        return new RegisterPatient(patientId, homeLocationId, givenName, familyName, birthDate, email, phone);
    }
}
