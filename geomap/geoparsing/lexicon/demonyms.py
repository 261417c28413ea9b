"""Demonyms and adjectives of countries (and a few regions) -> ISO 3166-1 alpha-2 code.

"Russian" stands for Russia, "Georgian" for Georgia (the country).  Plurals ending in -s
("Russians", "Israelis") are derived in :func:`demonym_table`.
"""
from __future__ import annotations

_DEMONYMS: dict[str, str] = {
    "Afghan": "AF", "Albanian": "AL", "Algerian": "DZ", "American": "US", "Andorran": "AD",
    "Angolan": "AO", "Argentine": "AR", "Argentinian": "AR", "Armenian": "AM", "Australian": "AU",
    "Austrian": "AT", "Azerbaijani": "AZ", "Azeri": "AZ", "Bahraini": "BH", "Bangladeshi": "BD",
    "Belarusian": "BY", "Belgian": "BE", "Beninese": "BJ", "Bhutanese": "BT", "Bolivian": "BO",
    "Bosnian": "BA", "Botswanan": "BW", "Brazilian": "BR", "British": "GB", "Bulgarian": "BG",
    "Burkinabe": "BF", "Burmese": "MM", "Burundian": "BI", "Cambodian": "KH", "Cameroonian": "CM",
    "Canadian": "CA", "Chadian": "TD", "Chilean": "CL", "Chinese": "CN", "Colombian": "CO",
    "Congolese": "CD", "Costa Rican": "CR", "Croatian": "HR", "Cuban": "CU", "Cypriot": "CY",
    "Czech": "CZ", "Danish": "DK", "Dane": "DK", "Djiboutian": "DJ", "Dominican": "DO",
    "Dutch": "NL", "Ecuadorian": "EC", "Egyptian": "EG", "Emirati": "AE", "English": "GB",
    "Eritrean": "ER", "Estonian": "EE", "Ethiopian": "ET", "Fijian": "FJ", "Filipino": "PH",
    "Finnish": "FI", "French": "FR", "Gabonese": "GA", "Gambian": "GM", "Georgian": "GE",
    "German": "DE", "Ghanaian": "GH", "Greek": "GR", "Guatemalan": "GT", "Guinean": "GN",
    "Guyanese": "GY", "Haitian": "HT", "Honduran": "HN", "Hungarian": "HU", "Icelandic": "IS",
    "Indian": "IN", "Indonesian": "ID", "Iranian": "IR", "Iraqi": "IQ", "Irish": "IE",
    "Israeli": "IL", "Italian": "IT", "Ivorian": "CI", "Jamaican": "JM", "Japanese": "JP",
    "Jordanian": "JO", "Kazakh": "KZ", "Kazakhstani": "KZ", "Kenyan": "KE", "Korean": "KR",
    "South Korean": "KR", "North Korean": "KP", "Kosovar": "XK", "Kuwaiti": "KW",
    "Kyrgyz": "KG", "Lao": "LA", "Laotian": "LA", "Latvian": "LV", "Lebanese": "LB",
    "Liberian": "LR", "Libyan": "LY", "Lithuanian": "LT", "Luxembourgish": "LU",
    "Macedonian": "MK", "Malagasy": "MG", "Malawian": "MW", "Malaysian": "MY", "Maldivian": "MV",
    "Malian": "ML", "Maltese": "MT", "Mauritanian": "MR", "Mauritian": "MU", "Mexican": "MX",
    "Moldovan": "MD", "Mongolian": "MN", "Montenegrin": "ME", "Moroccan": "MA",
    "Mozambican": "MZ", "Namibian": "NA", "Nepalese": "NP", "Nepali": "NP", "New Zealander": "NZ",
    "Nicaraguan": "NI", "Nigerien": "NE", "Nigerian": "NG", "Norwegian": "NO", "Omani": "OM",
    "Pakistani": "PK", "Palestinian": "PS", "Panamanian": "PA", "Paraguayan": "PY",
    "Peruvian": "PE", "Philippine": "PH", "Polish": "PL", "Pole": "PL", "Portuguese": "PT",
    "Qatari": "QA", "Romanian": "RO", "Russian": "RU", "Rwandan": "RW", "Salvadoran": "SV",
    "Saudi": "SA", "Saudi Arabian": "SA", "Scottish": "GB", "Scot": "GB", "Senegalese": "SN",
    "Serbian": "RS", "Serb": "RS", "Sierra Leonean": "SL", "Singaporean": "SG", "Slovak": "SK",
    "Slovenian": "SI", "Somali": "SO", "Somalian": "SO", "South African": "ZA",
    "South Sudanese": "SS", "Spanish": "ES", "Spaniard": "ES", "Sri Lankan": "LK",
    "Sudanese": "SD", "Swazi": "SZ", "Swedish": "SE", "Swede": "SE", "Swiss": "CH",
    "Syrian": "SY", "Taiwanese": "TW", "Tajik": "TJ", "Tanzanian": "TZ", "Thai": "TH",
    "Tibetan": "CN", "Togolese": "TG", "Tunisian": "TN", "Turkish": "TR", "Turk": "TR",
    "Turkmen": "TM", "Ugandan": "UG", "Ukrainian": "UA", "Uruguayan": "UY", "Uzbek": "UZ",
    "Venezuelan": "VE", "Vietnamese": "VN", "Welsh": "GB", "Yemeni": "YE", "Yemenite": "YE",
    "Zambian": "ZM", "Zimbabwean": "ZW", "Chechen": "RU", "Crimean": "UA", "Sinhalese": "LK",
}

#: Demonyms that are not plural-able with a final "s".
_NO_PLURAL = {"British", "Chinese", "Dutch", "English", "French", "Irish", "Japanese", "Swiss",
              "Lebanese", "Sudanese", "Vietnamese", "Portuguese", "Spanish", "Danish", "Finnish",
              "Polish", "Swedish", "Turkish", "Welsh", "Scottish", "Icelandic", "Congolese",
              "Senegalese", "Burmese", "Nepalese", "Gabonese", "Togolese", "Beninese",
              "Bhutanese", "Guyanese", "Maltese", "Taiwanese", "South Sudanese", "Malagasy",
              "Luxembourgish", "Kyrgyz", "Turkmen", "Lao", "Czech", "Swazi", "Thai"}


def demonym_table() -> dict[str, str]:
    """Surface form (as written, capitalised) -> country code, plurals included."""
    table = dict(_DEMONYMS)
    for word, code in _DEMONYMS.items():
        if word not in _NO_PLURAL and not word.endswith("s"):
            table.setdefault(word + "s", code)
    return table


#: Country names (GeoNames English short names) for the codes above.
COUNTRY_NAMES: dict[str, str] = {
    "AD": "Andorra", "AE": "United Arab Emirates", "AF": "Afghanistan", "AL": "Albania",
    "AM": "Armenia", "AO": "Angola", "AR": "Argentina", "AT": "Austria", "AU": "Australia",
    "AZ": "Azerbaijan", "BA": "Bosnia and Herzegovina", "BD": "Bangladesh", "BE": "Belgium",
    "BF": "Burkina Faso", "BG": "Bulgaria", "BH": "Bahrain", "BI": "Burundi", "BJ": "Benin",
    "BO": "Bolivia", "BR": "Brazil", "BT": "Bhutan", "BW": "Botswana", "BY": "Belarus",
    "CA": "Canada", "CD": "Democratic Republic of the Congo", "CH": "Switzerland",
    "CI": "Ivory Coast", "CL": "Chile", "CM": "Cameroon", "CN": "China", "CO": "Colombia",
    "CR": "Costa Rica", "CU": "Cuba", "CY": "Cyprus", "CZ": "Czechia", "DE": "Germany",
    "DJ": "Djibouti", "DK": "Denmark", "DO": "Dominican Republic", "DZ": "Algeria",
    "EC": "Ecuador", "EE": "Estonia", "EG": "Egypt", "ER": "Eritrea", "ES": "Spain",
    "ET": "Ethiopia", "FI": "Finland", "FJ": "Fiji", "FR": "France", "GA": "Gabon",
    "GB": "United Kingdom", "GE": "Georgia", "GH": "Ghana", "GM": "Gambia", "GN": "Guinea",
    "GR": "Greece", "GT": "Guatemala", "GY": "Guyana", "HN": "Honduras", "HR": "Croatia",
    "HT": "Haiti", "HU": "Hungary", "ID": "Indonesia", "IE": "Ireland", "IL": "Israel",
    "IN": "India", "IQ": "Iraq", "IR": "Iran", "IS": "Iceland", "IT": "Italy", "JM": "Jamaica",
    "JO": "Jordan", "JP": "Japan", "KE": "Kenya", "KG": "Kyrgyzstan", "KH": "Cambodia",
    "KP": "North Korea", "KR": "South Korea", "KW": "Kuwait", "KZ": "Kazakhstan", "LA": "Laos",
    "LB": "Lebanon", "LK": "Sri Lanka", "LR": "Liberia", "LT": "Lithuania", "LU": "Luxembourg",
    "LV": "Latvia", "LY": "Libya", "MA": "Morocco", "MD": "Moldova", "ME": "Montenegro",
    "MG": "Madagascar", "MK": "North Macedonia", "ML": "Mali", "MM": "Myanmar",
    "MN": "Mongolia", "MR": "Mauritania", "MT": "Malta", "MU": "Mauritius", "MV": "Maldives",
    "MW": "Malawi", "MX": "Mexico", "MY": "Malaysia", "MZ": "Mozambique", "NA": "Namibia",
    "NE": "Niger", "NG": "Nigeria", "NI": "Nicaragua", "NL": "The Netherlands", "NO": "Norway",
    "NP": "Nepal", "NZ": "New Zealand", "OM": "Oman", "PA": "Panama", "PE": "Peru",
    "PH": "Philippines", "PK": "Pakistan", "PL": "Poland", "PS": "Palestinian Territory",
    "PT": "Portugal", "PY": "Paraguay", "QA": "Qatar", "RO": "Romania", "RS": "Serbia",
    "RU": "Russia", "RW": "Rwanda", "SA": "Saudi Arabia", "SD": "Sudan", "SE": "Sweden",
    "SG": "Singapore", "SI": "Slovenia", "SK": "Slovakia", "SL": "Sierra Leone",
    "SN": "Senegal", "SO": "Somalia", "SS": "South Sudan", "SV": "El Salvador", "SY": "Syria",
    "SZ": "Eswatini", "TD": "Chad", "TG": "Togo", "TH": "Thailand", "TJ": "Tajikistan",
    "TM": "Turkmenistan", "TN": "Tunisia", "TR": "Turkey", "TW": "Taiwan", "TZ": "Tanzania",
    "UA": "Ukraine", "UG": "Uganda", "US": "United States", "UY": "Uruguay",
    "UZ": "Uzbekistan", "VE": "Venezuela", "VN": "Vietnam", "XK": "Kosovo", "YE": "Yemen",
    "ZA": "South Africa", "ZM": "Zambia", "ZW": "Zimbabwe",
}
