-- the top paths of a site; zdb fills :site and keeps the filter when
-- the filter parameter is set
select path, total
from stats
where site_id = :site {{:filter and path_id in (:filter)}}
order by total desc
