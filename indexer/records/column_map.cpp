#include "indexer/records/column_map.h"

#include <algorithm>
#include <string>

#include "indexer/extract/person.h"

namespace lw::indexer {
namespace {

struct Entry {
    std::string_view key;  // normalised: lowercase letters only
    ColumnRole role;
    std::string_view phone_region;
};

constexpr Entry kEntries[] = {
    {"nom", ColumnRole::last_name, ""},
    {"nomdefamille", ColumnRole::last_name, ""},
    {"nomfamille", ColumnRole::last_name, ""},
    {"nomnaissance", ColumnRole::last_name, ""},
    {"lastname", ColumnRole::last_name, ""},
    {"surname", ColumnRole::last_name, ""},
    {"familyname", ColumnRole::last_name, ""},
    {"cognome", ColumnRole::last_name, ""},
    {"prenom", ColumnRole::first_name, ""},
    {"prenoms", ColumnRole::first_name, ""},
    {"firstname", ColumnRole::first_name, ""},
    {"givenname", ColumnRole::first_name, ""},
    {"nome", ColumnRole::first_name, ""},
    {"datenaissance", ColumnRole::birth_date, ""},
    {"datedenaissance", ColumnRole::birth_date, ""},
    {"ddn", ColumnRole::birth_date, ""},
    {"dob", ColumnRole::birth_date, ""},
    {"birthdate", ColumnRole::birth_date, ""},
    {"dateofbirth", ColumnRole::birth_date, ""},
    {"datanascita", ColumnRole::birth_date, ""},
    {"datadinascita", ColumnRole::birth_date, ""},
    {"nir", ColumnRole::nir, ""},
    {"numsecu", ColumnRole::nir, ""},
    {"numerosecu", ColumnRole::nir, ""},
    {"numerosecuritesociale", ColumnRole::nir, ""},
    {"numsecuritesociale", ColumnRole::nir, ""},
    {"securitesociale", ColumnRole::nir, ""},
    {"nss", ColumnRole::nir, ""},
    {"ssn", ColumnRole::nir, ""},
    {"codicefiscale", ColumnRole::cf, ""},
    {"cf", ColumnRole::cf, ""},
    {"email", ColumnRole::email, ""},
    {"mail", ColumnRole::email, ""},
    {"emailaddress", ColumnRole::email, ""},
    {"adressemail", ColumnRole::email, ""},
    {"courriel", ColumnRole::email, ""},
    {"telephone", ColumnRole::phone, "FR"},
    {"tel", ColumnRole::phone, "FR"},
    {"portable", ColumnRole::phone, "FR"},
    {"numerotelephone", ColumnRole::phone, "FR"},
    {"phone", ColumnRole::phone, ""},
    {"phonenumber", ColumnRole::phone, ""},
    {"mobile", ColumnRole::phone, ""},
    {"telefono", ColumnRole::phone, "IT"},
    {"cellulare", ColumnRole::phone, "IT"},
    {"iban", ColumnRole::iban, ""},
    {"card", ColumnRole::card, ""},
    {"cardnumber", ColumnRole::card, ""},
    {"creditcard", ColumnRole::card, ""},
    {"ccnumber", ColumnRole::card, ""},
    {"pan", ColumnRole::card, ""},
    {"carte", ColumnRole::card, ""},
    {"numerocarte", ColumnRole::card, ""},
};

struct RoleName {
    std::string_view name;
    ColumnRole role;
};

constexpr RoleName kRoleNames[] = {
    {"last_name", ColumnRole::last_name},
    {"first_name", ColumnRole::first_name},
    {"birth_date", ColumnRole::birth_date},
    {"nir", ColumnRole::nir},
    {"cf", ColumnRole::cf},
    {"email", ColumnRole::email},
    {"phone", ColumnRole::phone},
    {"iban", ColumnRole::iban},
    {"card", ColumnRole::card},
    {"none", ColumnRole::ignored},
};

}  // namespace

std::optional<ColumnMeaning> column_meaning(std::string_view header) {
    if (header.size() > 64) {
        return std::nullopt;
    }
    // normalise_name folds case and accents and turns separators into spaces.
    auto folded = normalise_name(header);
    if (!folded) {
        return std::nullopt;
    }
    std::string key;
    for (char c : *folded) {
        if (c != ' ') {
            key.push_back(c);
        }
    }
    for (const Entry& e : kEntries) {
        if (e.key == key) {
            return ColumnMeaning{e.role, e.phone_region};
        }
    }
    return std::nullopt;
}

std::vector<std::string_view> phone_column_regions() {
    std::vector<std::string_view> regions;
    for (const Entry& e : kEntries) {
        if (!e.phone_region.empty() &&
            std::find(regions.begin(), regions.end(), e.phone_region) == regions.end()) {
            regions.push_back(e.phone_region);
        }
    }
    return regions;
}

bool looks_like_column_name(std::string_view cell) noexcept {
    if (cell.empty() || cell.size() > 64) {
        return false;
    }
    bool letter = false;
    for (unsigned char c : cell) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80) {
            letter = true;
        } else if (!((c >= '0' && c <= '9') || c == ' ' || c == '_' || c == '-' || c == '.')) {
            return false;
        }
    }
    return letter;
}

std::optional<ColumnRole> parse_column_role(std::string_view name) noexcept {
    for (const RoleName& r : kRoleNames) {
        if (r.name == name) {
            return r.role;
        }
    }
    return std::nullopt;
}

}  // namespace lw::indexer
