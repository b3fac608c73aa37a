charter diff
