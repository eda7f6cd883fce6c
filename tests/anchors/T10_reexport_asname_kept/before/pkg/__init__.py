from pkg.mod import Klass as K
