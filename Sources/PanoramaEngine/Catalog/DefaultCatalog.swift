/// The catalog a workspace is built with until the analyst gives their own.
///
/// It is kept as text, not as Swift values, so that it goes through the same parser as a
/// user's file and so that `panorama catalog show` prints a working starting point.
public enum DefaultCatalog {
    public static let fileName = "default-catalog.yaml"

    /// The parsed default catalog; the text is checked by a test, so this cannot fail.
    public static func load() throws(CatalogError) -> TagCatalog {
        try CatalogParser.parse(text, file: fileName)
    }

    public static let text = #"""
# Panorama tag catalog. Format: docs/tag-catalog.md
#
# Edit a copy (panorama catalog show > my-catalog.yaml), check it with
# `panorama catalog validate my-catalog.yaml`, then
# `panorama build <workspace> --catalog my-catalog.yaml`.
version: 1

settings:
  ping_pong_radius: 1000m        # a record this close to the stay's cell keeps the stay
  store_radiation_radius: 2km    # for stores without a radius in regions.csv
  presence_min_dwell: 15m        # a stay this long puts the subscriber in a store's area
  record_hold: 60m               # a record stands for the position until the next, at most this long
  routine_share: 0.4             # a cell with half an hour on 40% of the days seen (and
  routine_min_days: 3            # on 3 days at least) is routine: visits there are not news
  one_place_per_stay: true       # a stay counts for the place that best explains its cells
  night_work: true               # nights at a factory, days at an estate: a night shift
  home_at_work: true             # a student sleeping in a cell of their campus lives on it

anchors:
  home:
    window: "21:00-07:00"        # nights
    days: all
    min_presence: 2h               # phones switched off at night still show the evening at home
    min_days: 2
    place_types: [residential_estate, university]   # students live in campus dormitories
  work:
    window: "09:00-17:00"
    days: weekdays
    min_presence: 3h
    min_days: 2
    place_types: [office_tower, university, government_office, industrial_park]
    fallback_place_types: [shopping_mall, cinema, commercial_street, wholesale_market]   # shop staff
    exclude_home: true           # a weekday at home is not a workday

tags:
  # Region: the five-level path of the store of the home and of the work cell.
  - path: region/home/{region}
    source: anchor
    anchor: home
    description: Home area (branch/center/area/store)
  - path: region/work/{region}
    source: anchor
    anchor: work
    description: Work or study area (branch/center/area/store)

  # Demographic: from the type and attributes of the anchors' places.
  - path: demographic/occupation/white_collar
    source: anchor
    anchor: work
    place_types: [office_tower]
    description: Works in an office tower
  - path: demographic/occupation/college_student
    source: anchor
    anchor: work
    place_types: [university]
    description: Studies at a university
  - path: demographic/occupation/civil_servant
    source: anchor
    anchor: work
    place_types: [government_office]
    description: Works in a government office
  - path: demographic/occupation/factory_worker
    source: anchor
    anchor: work
    place_types: [industrial_park]
    description: Works in an industrial park
  - path: demographic/income/{place.price_tier}
    source: anchor
    anchor: home
    place_types: [residential_estate]
    min_place_share: 0.5         # only when the estate is as likely as its neighbours together
    excludes: [demographic/occupation/college_student]
    description: Income band from the price tier of the home estate (not for students)
  - path: demographic/family/parent
    source: tags
    requires: [behaviour/family/school_run]
    description: Takes a child to school

  # Preference: events attended, places chosen in free time.
  - path: preference/{event.category}
    source: event
    min_dwell: 30m               # present at the venue for half an hour of the event
    min_records: 2               # and seen there more than once
    max_dwell: 10h               # a stay all day long at the venue is living or working there
    min_support: 1
    validity: 365d
    description: Attends concerts, matches and fairs; the event's category extends the path
  - path: preference/health/child
    source: visit
    place_types: [childrens_hospital]
    min_records: 2
    window: "07:30-13:00"        # outpatient mornings
    min_dwell: 30m
    max_dwell: 8h
    min_support: 1
    validity: 180d
    description: Visits a children's hospital
  - path: preference/health/maternity
    source: visit
    place_types: [maternity_hospital]
    min_records: 2
    min_dwell: 30m
    max_dwell: 8h
    min_support: 1
    validity: 270d
    description: Visits a maternity hospital
  - path: preference/health/general
    source: visit
    place_types: [general_hospital]
    min_records: 2
    window: "07:30-13:00"        # outpatient mornings
    min_dwell: 30m
    max_dwell: 8h
    min_place_share: 0.2         # not the market or children's hospital sharing its cells
    min_support: 1
    validity: 180d
    description: Visits a general hospital
  - path: preference/movie/cinema
    source: visit
    place_types: [cinema]
    window: "18:00-23:00"
    min_dwell: 60m
    max_dwell: 5h
    min_support: 1
    validity: 180d
    description: Goes to the cinema in the evening

  # Behaviour: how the days are lived.
  - path: behaviour/commute/subway
    source: ride
    place_types: [subway_station]
    days: weekdays
    window: ["07:00-09:30", "17:00-19:00"]
    min_distance: 500m           # boarding and alighting stations this far apart: one stop counts
    min_speed: 8km/h
    max_speed: 60km/h
    min_dwell: 3m                # waiting on the platform, not passing through its cell
    max_dwell: 20m               # no longer stop at or between them,
    long_stay_ends: true         # except a station in the home or work cell,
    walk_speed: 6km/h            # the station at the other end then a walk from work or home
    min_support: 2
    min_share: 0.3               # on at least 30% of the weekdays seen
    requires: [region/work]      # a commute goes to work
    validity: 60d
    description: Rides the subway at rush hour on weekdays
  - path: behaviour/commute/bus
    source: ride
    place_types: [bus_stop]
    days: weekdays
    window: ["07:00-09:30", "17:00-19:00"]
    min_distance: 1km
    min_speed: 5km/h             # faster than walking,
    max_speed: 17km/h            # slower than a car, waiting at the stop included
    min_dwell: 4m                # waiting at the stop, not driving past it
    max_dwell: 20m
    long_stay_ends: true         # a stop in the home or work cell,
    long_stay_max_speed: 12km/h  # the walk to it and the wait then timed with the ride,
    walk_speed: 6km/h            # and the stop at the other end a walk from work or home
    min_support: 2
    min_share: 0.3
    requires: [region/work]
    excludes: [behaviour/commute/subway]   # stops are everywhere on the way to a station
    validity: 60d
    description: Rides a bus at rush hour on weekdays
  - path: behaviour/family/school_run
    source: visit
    place_types: [kindergarten, primary_school]
    days: weekdays
    window: ["07:15-08:30", "16:00-17:15"]
    min_dwell: 10m               # stopping, not passing by
    max_dwell: 60m
    min_support: 2
    max_off_day_ratio: 0.5       # passing the school at 08:00 on Saturdays too is a shift, not a child
    validity: 60d
    description: At a kindergarten or primary school when classes start or end
  - path: behaviour/nightlife/night_owl
    source: visit
    place_types: [bar]
    window: "23:00-03:00"
    min_dwell: 30m
    min_support: 1
    habit: true                  # the bar they go to most nights still counts
    validity: 90d
    description: In a bar around midnight
"""#
}
