/// The kinds of place that the tag catalog reasons about.
///
/// The set is closed on purpose: a place type is the join key between places in the
/// data and rules in the catalog, so a misspelt type must be rejected at ingest rather
/// than silently match nothing.
public enum PlaceType: String, Sendable, CaseIterable, Codable {
    case university
    case officeTower = "office_tower"
    case kindergarten
    case primarySchool = "primary_school"
    case secondarySchool = "secondary_school"
    case childrensPalace = "childrens_palace"
    case governmentOffice = "government_office"
    case residentialEstate = "residential_estate"
    case industrialPark = "industrial_park"
    case wholesaleMarket = "wholesale_market"
    case shoppingMall = "shopping_mall"
    case commercialStreet = "commercial_street"
    case subwayStation = "subway_station"
    case busStop = "bus_stop"
    case generalHospital = "general_hospital"
    case childrensHospital = "childrens_hospital"
    case maternityHospital = "maternity_hospital"
    case stadium
    case concertHall = "concert_hall"
    case expoCenter = "expo_center"
    case cinema
    case bar
    case internetCafe = "internet_cafe"
}
